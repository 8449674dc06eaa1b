"""The KPI metrics outside the DTI that resolutions.csv and kpi_observations.csv use.

Reference data the loader writes into KpiMetric (editable in the admin afterwards):
code as in the CSV files → (name, English name, unit of measure, higher is better).
A metric code that is not here and not in the database stops the load, so a new one
gets a name before any target uses it.
"""

from django.utils.translation import pgettext, pgettext_lazy

# code: (name (vi), name (en), unit, higher is better)
KPI_METRICS: dict[str, tuple[str, str, str, bool]] = {
    # Digital government: dossiers, services, reports, inspections
    "pct_work_records_online_province": (
        "Tỷ lệ hồ sơ công việc cấp tỉnh xử lý trên môi trường mạng",
        "Work records processed online, provincial level",
        "%",
        True,
    ),
    "pct_work_records_online_district": (
        "Tỷ lệ hồ sơ công việc cấp huyện xử lý trên môi trường mạng",
        "Work records processed online, district level",
        "%",
        True,
    ),
    "pct_work_records_online_commune": (
        "Tỷ lệ hồ sơ công việc cấp xã xử lý trên môi trường mạng",
        "Work records processed online, commune level",
        "%",
        True,
    ),
    "pct_work_records_online_province_district": (
        "Tỷ lệ hồ sơ công việc cấp tỉnh và cấp huyện xử lý trên môi trường mạng",
        "Work records processed online, provincial and district levels",
        "%",
        True,
    ),
    "pct_work_records_online_district_commune": (
        "Tỷ lệ hồ sơ công việc cấp huyện và cấp xã xử lý trên môi trường mạng",
        "Work records processed online, district and commune levels",
        "%",
        True,
    ),
    "pct_level4_online_public_services_multichannel": (
        "Tỷ lệ dịch vụ công trực tuyến mức độ 4 cung cấp trên nhiều phương tiện truy cập",
        "Level-4 online public services on several access channels incl. mobile",
        "%",
        True,
    ),
    "pct_online_public_services_multichannel": (
        "Tỷ lệ dịch vụ công trực tuyến cung cấp trên nhiều phương tiện truy cập",
        "Online public services on several access channels incl. mobile",
        "%",
        True,
    ),
    "pct_eligible_procedures_online_level4": (
        "Tỷ lệ thủ tục hành chính đủ điều kiện cung cấp trực tuyến mức độ 4",
        "Eligible administrative procedures online at level 4",
        "%",
        True,
    ),
    "pct_eligible_procedures_full_online": (
        "Tỷ lệ thủ tục hành chính đủ điều kiện cung cấp dịch vụ công trực tuyến toàn trình",
        "Eligible administrative procedures fully online",
        "%",
        True,
    ),
    "pct_satisfaction_public_services": (
        "Tỷ lệ tổ chức, cá nhân hài lòng với dịch vụ công",
        "Organisations and citizens satisfied with public services",
        "%",
        True,
    ),
    "pct_reports_on_provincial_reporting_system": (
        "Tỷ lệ chế độ báo cáo thực hiện trên hệ thống thông tin báo cáo của tỉnh",
        "Reports made on the provincial reporting system",
        "%",
        True,
    ),
    "pct_reports_documents_electronic": (
        "Tỷ lệ báo cáo định kỳ, văn bản gửi nhận dạng điện tử",
        "Periodic reports and documents sent and received electronically",
        "%",
        True,
    ),
    "pct_inspections_digital": (
        "Tỷ lệ hoạt động kiểm tra của cơ quan nhà nước thực hiện qua môi trường số",
        "State inspections carried out digitally",
        "%",
        True,
    ),
    "pct_online_ps_users_authenticated": (
        "Tỷ lệ người dân, doanh nghiệp dùng dịch vụ công trực tuyến được định danh, xác thực",
        "Online public service users identified and authenticated",
        "%",
        True,
    ),
    "pct_state_agencies_open_data": (
        "Tỷ lệ cơ quan nhà nước mở dữ liệu, cung cấp dữ liệu mở",
        "State agencies providing open data",
        "%",
        True,
    ),
    "pct_shared_databases_connected": (
        "Tỷ lệ cơ sở dữ liệu dùng chung được kết nối",
        "Shared databases connected across the province",
        "%",
        True,
    ),
    "shared_databases_published": (
        "Số cơ sở dữ liệu dùng chung đã công bố",
        "Shared databases published",
        "cơ sở dữ liệu",
        True,
    ),
    "shared_data_apps_linked_via_lgsp": (
        "Số ứng dụng có dữ liệu dùng chung kết nối qua LGSP",
        "Applications sharing data through the LGSP",
        "ứng dụng",
        True,
    ),
    "dt_documents_issued": (
        "Số văn bản về ứng dụng CNTT và chuyển đổi số đã ban hành",
        "Documents issued on IT and digital transformation",
        "văn bản",
        True,
    ),
    "dt_budget_share_of_regular_spending_pct": (
        "Tỷ lệ chi ngân sách thường xuyên dành cho chuyển đổi số, đô thị thông minh",
        "Share of regular budget spending on digital transformation and smart city",
        "%",
        True,
    ),
    "cybersecurity_share_of_dt_budget_pct": (
        "Tỷ lệ chi chuyển đổi số dành cho an toàn, an ninh mạng",
        "Share of digital-transformation spending on cybersecurity",
        "%",
        True,
    ),
    # Digital economy
    "digital_economy_share_grdp_pct": (
        "Tỷ trọng kinh tế số trong GRDP",
        "Digital economy share of GRDP",
        "%",
        True,
    ),
    "digital_economy_share_each_sector_pct": (
        "Tỷ trọng kinh tế số trong từng ngành, lĩnh vực",
        "Digital economy share in each sector",
        "%",
        True,
    ),
    "labour_productivity_growth_pct_per_year": (
        "Tốc độ tăng năng suất lao động hằng năm",
        "Annual labour productivity growth",
        "%/năm",
        True,
    ),
    "digital_enterprises_count": (
        "Số doanh nghiệp số / doanh nghiệp công nghệ số",
        "Digital (technology) enterprises",
        "doanh nghiệp",
        True,
    ),
    "digital_tech_enterprises_per_1000_people": (
        "Số doanh nghiệp công nghệ số trên 1.000 dân",
        "Digital technology enterprises per 1,000 people",
        "doanh nghiệp/1.000 dân",
        True,
    ),
    "ecommerce_share_retail_pct": (
        "Tỷ trọng thương mại điện tử trong tổng mức bán lẻ",
        "E-commerce share of total retail",
        "%",
        True,
    ),
    "pct_households_with_digital_store": (
        "Tỷ lệ hộ gia đình có cửa hàng số trên sàn thương mại điện tử",
        "Households with a digital store on an e-commerce platform",
        "%",
        True,
    ),
    # Digital society
    "pct_adults_epayment_account": (
        "Tỷ lệ người trưởng thành có tài khoản thanh toán điện tử",
        "Adults with an e-payment account",
        "%",
        True,
    ),
    "pct_working_age_epayment_account": (
        "Tỷ lệ dân số trong độ tuổi lao động có tài khoản thanh toán điện tử",
        "Working-age population with an e-payment account",
        "%",
        True,
    ),
    "pct_population_epayment_account": (
        "Tỷ lệ dân số có tài khoản thanh toán điện tử, ví điện tử",
        "Population with an e-payment account or e-wallet",
        "%",
        True,
    ),
    "pct_pop15plus_payment_account": (
        "Tỷ lệ dân số từ 15 tuổi có tài khoản thanh toán",
        "Population aged 15+ with a payment account",
        "%",
        True,
    ),
    "pct_adults_digital_signature": (
        "Tỷ lệ người trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân",
        "Adults with a digital or personal electronic signature",
        "%",
        True,
    ),
    "pct_adults_vneid": (
        "Tỷ lệ người trưởng thành có tài khoản định danh điện tử VNeID",
        "Adults with a VNeID electronic identification account",
        "%",
        True,
    ),
    # Infrastructure and skills (kpi_observations.csv)
    "pct_communes_fiber_to_centre": (
        "Tỷ lệ xã có cáp quang đến trung tâm xã",
        "Communes with fibre to the commune centre",
        "%",
        True,
    ),
    "pct_communes_broadband": (
        "Tỷ lệ xã, phường, thị trấn có Internet băng rộng",
        "Communes with broadband Internet",
        "%",
        True,
    ),
    "mobile_coverage_pct": (
        "Tỷ lệ phủ sóng điện thoại di động",
        "Mobile network coverage",
        "%",
        True,
    ),
    "bts_stations": (
        "Số trạm thu phát sóng (BTS)",
        "Base transceiver stations (BTS)",
        "trạm",
        True,
    ),
    "bts_stations_4g": ("Số trạm BTS 4G", "4G base stations", "trạm", True),
    "pct_district_commune_with_video_conference": (
        "Tỷ lệ UBND cấp huyện, cấp xã có điểm cầu trực tuyến",
        "District and commune committees with a video-conference point",
        "%",
        True,
    ),
    "officials_trained_dt": (
        "Số cán bộ, công chức, viên chức được tập huấn về chuyển đổi số",
        "Officials trained in digital transformation",
        "người",
        True,
    ),
    "community_tech_team_members_trained": (
        "Số thành viên tổ công nghệ số cộng đồng được tập huấn",
        "Community digital-technology team members trained",
        "người",
        True,
    ),
    "farm_households_trained_digital_skills": (
        "Số hộ sản xuất nông nghiệp được đào tạo kỹ năng số",
        "Farm households trained in digital skills",
        "hộ",
        True,
    ),
    # Related measures published beside the targets' metrics: shown for context, never
    # counted as a target's metric (their definitions differ).
    "digital_economy_share_gdp_pct": (
        "Tỷ trọng kinh tế số trong GDP (cả nước)",
        "Digital economy share of GDP (whole country)",
        "%",
        True,
    ),
    "pct_online_application_records": (
        "Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến",
        "Administrative dossiers submitted online",
        "%",
        True,
    ),
    "pct_full_process_online_dossiers": (
        "Tỷ lệ hồ sơ trực tuyến toàn trình",
        "Dossiers processed fully online",
        "%",
        True,
    ),
    "pct_level4_online_public_services": (
        "Tỷ lệ dịch vụ công trực tuyến mức độ 4",
        "Online public services at level 4",
        "%",
        True,
    ),
    "pct_electronic_dossier_processing": (
        "Tỷ lệ xử lý hồ sơ điện tử",
        "Dossiers processed electronically",
        "%",
        True,
    ),
    "pct_online_public_services_delivered": (
        "Tỷ lệ dịch vụ công trực tuyến được cung cấp",
        "Online public services delivered",
        "%",
        True,
    ),
    "pct_procedures_online": (
        "Tỷ lệ thủ tục hành chính cung cấp trực tuyến",
        "Administrative procedures offered online",
        "%",
        True,
    ),
}

# The units of measure above and of the published observations, for the translation
# catalogue (context "unit"): pages show a unit through ``local_unit``, so an English
# page says "enterprises" where the data says "doanh nghiệp". A unit typed in the admin
# that is not here is shown as typed, as is "%". tests/indicators/test_walkthrough_labels.py
# holds this list and the data together.
UNIT_LABELS = (
    pgettext_lazy("unit", "%/năm"),
    pgettext_lazy("unit", "cơ sở dữ liệu"),
    pgettext_lazy("unit", "doanh nghiệp"),
    pgettext_lazy("unit", "doanh nghiệp/1.000 dân"),
    pgettext_lazy("unit", "DN/1.000 dân"),  # as kpi_observations.csv writes it
    pgettext_lazy("unit", "hộ"),
    pgettext_lazy("unit", "người"),
    pgettext_lazy("unit", "trạm"),
    pgettext_lazy("unit", "văn bản"),
    pgettext_lazy("unit", "ứng dụng"),
)


def local_unit(label: str) -> str:
    """A unit of measure in the page's language ("doanh nghiệp" → "enterprises")."""
    return pgettext("unit", label) if label else ""


# The national measure drawn as the benchmark line of a provincial metric, where the
# two differ in name only by the territory (GDP for the country, GRDP for a province).
NATIONAL_BENCHMARK: dict[str, str] = {
    "digital_economy_share_grdp_pct": "digital_economy_share_gdp_pct",
}

# A metric code of the form "<indicator>_rank" or "<indicator>_score" is a target on
# the DTI itself (rank or value of an Indicator), not a KPI.
QUALITATIVE = "qualitative_goal"
