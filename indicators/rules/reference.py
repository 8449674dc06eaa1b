"""The DTI index tree per year, as the methodology sources describe it.

This is the reference data the loader writes into Indicator / Framework /
FrameworkIndicator (editable in the admin afterwards); pages and calculations read
the database, never this module. Sources: ../shared/data/dti/methodology.md.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

# code, name (vi), name (en), short name, kind
INDICATORS: list[tuple[str, str, str, str, str]] = [
    (
        "DTI",
        "Chỉ số chuyển đổi số cấp tỉnh",
        "Provincial Digital Transformation Index",
        "DTI",
        "total",
    ),
    ("CQS", "Chính quyền số", "Digital government", "CQS", "pillar"),
    ("KTS", "Kinh tế số", "Digital economy", "KTS", "pillar"),
    ("XHS", "Xã hội số", "Digital society", "XHS", "pillar"),
    ("NTS", "Nhận thức số", "Digital awareness", "NTS", "main"),
    ("TCS", "Thể chế số", "Digital institutions", "TCS", "main"),
    ("HTS", "Hạ tầng số", "Digital infrastructure", "HTS", "main"),
    ("NLS", "Nhân lực số", "Digital human resources", "NLS", "main"),
    ("ATTTM", "An toàn thông tin mạng", "Cybersecurity", "ATTTM", "main"),
    ("HDCQS", "Hoạt động chính quyền số", "Digital government activities", "HĐCQS", "main"),
    ("HDKTS", "Hoạt động kinh tế số", "Digital economy activities", "HĐKTS", "main"),
    ("HDXHS", "Hoạt động xã hội số", "Digital society activities", "HĐXHS", "main"),
]
PILLARS = ("CQS", "KTS", "XHS")
# Short names on English pages (the Vietnamese ones stay in the tooltip).
SHORT_NAMES_EN = {
    "DTI": "DTI",
    "CQS": "DG",
    "KTS": "DE",
    "XHS": "DS",
    "NTS": "DA",
    "TCS": "DI",
    "HTS": "DInf",
    "NLS": "DHR",
    "ATTTM": "CS",
    "HDCQS": "DGA",
    "HDKTS": "DEA",
    "HDXHS": "DSA",
}
ACTIVITY_PILLAR = {"HDCQS": "CQS", "HDKTS": "KTS", "HDXHS": "XHS"}

# Points of each main index on the 1,000-point scale, 2021–2023 (DESIGN §2).
MAIN_POINTS_2021 = {
    "NTS": Decimal(100),
    "TCS": Decimal(100),
    "HTS": Decimal(100),
    "NLS": Decimal(100),
    "ATTTM": Decimal(100),
    "HDCQS": Decimal(200),
    "HDKTS": Decimal(150),
    "HDXHS": Decimal(150),
}

URL_2020 = (
    "http://uongbi.gov.vn/quang-ninh-dung-thu-4-bang-xep-hang-chuyen-doi-so-nam-2020-p13n54951.html"
)
URL_922 = (
    "https://stttt.daknong.gov.vn/cong-nghe-thong-tin/bo-chi-so-danh-gia-muc-do-chuyen-doi-so.html"
)
URL_2022 = "https://dti.gov.vn/xep-hang-2022"
# The Hà Giang report that prints each main index's maximum points (the 2021–2023 weights).
URL_WEIGHTS = "http://tuyendung.vietnamnet.vn/ha-giang-no-luc-thuc-hien-chien-luoc-quoc-gia-ve-chuyen-doi-so-2280039.html"
URL_2024 = "https://vietnamnet.vn/ha-noi-hue-hai-phong-tphcm-va-thanh-hoa-dan-dau-ca-nuoc-ve-chuyen-doi-so-2454930.html"


@dataclass(frozen=True)
class FrameworkSpec:
    year: int
    description: str
    description_en: str
    method_changed: bool
    method_note: str
    method_note_en: str
    weights_confirmed: bool
    published_on: datetime.date | None
    pillar_points: dict[str, Decimal] = field(
        default_factory=dict
    )  # 2020: pillars weighted 400/300/300
    main_points: dict[str, Decimal] = field(default_factory=dict)  # 2021+: main indices
    sources: tuple[str, ...] = ()


_DESC_2021 = (
    "3 trụ cột; 9 chỉ số chính (6 nền tảng + 3 hoạt động), 8 chỉ số được chấm điểm, 98 chỉ số thành phần; "
    "thang 1.000 điểm: NTS, TCS, HTS, NLS, ATTTM mỗi chỉ số 100, HĐCQS 200, HĐKTS 150, HĐXHS 150."
)
_DESC_2021_EN = (
    "3 pillars; 9 main indices (6 foundation + 3 activity), 8 of them scored, 98 component indices; "
    "1,000 points: NTS, TCS, HTS, NLS, ATTTM 100 each, HDCQS 200, HDKTS 150, HDXHS 150."
)

FRAMEWORKS: list[FrameworkSpec] = [
    FrameworkSpec(
        year=2020,
        description="3 trụ cột, mỗi trụ cột 7 chỉ số chính; 108 chỉ số thành phần, 306 tiêu chí; DTI = 0,4·CQS + 0,3·KTS + 0,3·XHS (400/300/300 điểm).",
        description_en="3 pillars of 7 main indices each; 108 component indices, 306 criteria; DTI = 0.4·CQS + 0.3·KTS + 0.3·XHS (400/300/300 points).",
        method_changed=False,
        method_note="Năm đầu tiên đánh giá DTI cấp tỉnh.",
        method_note_en="First year of the provincial DTI.",
        weights_confirmed=True,
        published_on=datetime.date(2021, 10, 19),
        pillar_points={"CQS": Decimal(400), "KTS": Decimal(300), "XHS": Decimal(300)},
        sources=(URL_2020,),
    ),
    FrameworkSpec(
        year=2021,
        description=_DESC_2021,
        description_en=_DESC_2021_EN,
        method_changed=True,
        method_note="Theo QĐ 922/QĐ-BTTTT: DTI là tổng điểm của các chỉ số chính, không còn là tổng 3 trụ cột; 306 → 98 tiêu chí. Không so sánh trực tiếp với 2020.",
        method_note_en="Under Decision 922/QĐ-BTTTT: the DTI is the weighted sum of the main indices, no longer of the 3 pillars; 306 → 98 criteria. Not directly comparable with 2020.",
        weights_confirmed=True,
        published_on=datetime.date(2022, 8, 8),
        main_points=MAIN_POINTS_2021,
        sources=(URL_922, URL_WEIGHTS),
    ),
    FrameworkSpec(
        year=2022,
        description=_DESC_2021,
        description_en=_DESC_2021_EN,
        method_changed=False,
        method_note="Cùng phương pháp với 2021.",
        method_note_en="Same method as 2021.",
        weights_confirmed=True,
        published_on=datetime.date(2023, 7, 12),
        main_points=MAIN_POINTS_2021,
        sources=(URL_2022, URL_922, URL_WEIGHTS),
    ),
    FrameworkSpec(
        year=2023,
        description=_DESC_2021,
        description_en=_DESC_2021_EN,
        method_changed=False,
        method_note="Cùng phương pháp với 2021–2022.",
        method_note_en="Same method as 2021–2022.",
        weights_confirmed=True,
        published_on=datetime.date(2025, 2, 6),
        main_points=MAIN_POINTS_2021,
        sources=(URL_922, URL_WEIGHTS),
    ),
    FrameworkSpec(
        year=2024,
        description="3 trụ cột; 8 chỉ số chính, 47 chỉ số thành phần. Hai bảng xếp hạng: 63 tỉnh trước sáp nhập và 34 tỉnh sau sáp nhập (giá trị tỉnh hợp nhất = trung bình cộng các chỉ số chính của các tỉnh cũ).",
        description_en="3 pillars; 8 main indices, 47 component indices. Two rankings: the 63 units before the merger and the 34 after it (a merged unit scores the mean of its predecessors' main indices).",
        method_changed=True,
        method_note="98 → 47 chỉ số thành phần; xếp hạng thêm nhóm 34 tỉnh sau sáp nhập. Trụ cột 2024 không suy ra được từ trọng số: chỉ hiện giá trị trụ cột đã công bố.",
        method_note_en="98 → 47 component indices; an extra ranking of the 34 merged units. 2024 pillars cannot be derived from the weights: only published pillar values are shown.",
        weights_confirmed=False,
        published_on=datetime.date(2025, 10, 21),
        main_points=MAIN_POINTS_2021,
        sources=(URL_2024,),
    ),
]
