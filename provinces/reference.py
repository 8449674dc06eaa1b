"""Reference data that no DTI table carries: regions and well-known abbreviations.

Regions are the six socio-economic regions of the statistics office (Tổng cục
Thống kê), listed by the pre-2025 province code. A new (post-2025) unit is put in
the region of the predecessor whose code it keeps; that assignment is the app's
and is said so in the unit's note.
"""

REGIONS: list[tuple[str, str, str, list[str]]] = [
    (
        "trung-du-mien-nui-phia-bac",
        "Trung du và miền núi phía Bắc",
        "Northern Midlands and Mountains",
        ["02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20", "24", "25"],
    ),
    (
        "dong-bang-song-hong",
        "Đồng bằng sông Hồng",
        "Red River Delta",
        ["01", "22", "26", "27", "30", "31", "33", "34", "35", "36", "37"],
    ),
    (
        "bac-trung-bo-duyen-hai-mien-trung",
        "Bắc Trung Bộ và duyên hải miền Trung",
        "North Central and Central Coast",
        ["38", "40", "42", "44", "45", "46", "48", "49", "51", "52", "54", "56", "58", "60"],
    ),
    ("tay-nguyen", "Tây Nguyên", "Central Highlands", ["62", "64", "66", "67", "68"]),
    ("dong-nam-bo", "Đông Nam Bộ", "Southeast", ["70", "72", "74", "75", "77", "79"]),
    (
        "dong-bang-song-cuu-long",
        "Đồng bằng sông Cửu Long",
        "Mekong River Delta",
        ["80", "82", "83", "84", "86", "87", "89", "91", "92", "93", "94", "95", "96"],
    ),
]

# Spellings used in everyday writing that no source row happens to contain.
EXTRA_ALIASES: dict[str, list[str]] = {
    "Hồ Chí Minh": [
        "TP. Hồ Chí Minh",
        "TP HCM",
        "TP.HCM",
        "TPHCM",
        "HCM",
        "HCMC",
        "Sài Gòn",
        "Ho Chi Minh City",
    ],
    "Huế": ["Thừa Thiên Huế", "Thừa Thiên - Huế", "TP. Huế"],
    "Bà Rịa - Vũng Tàu": ["Bà Rịa Vũng Tàu", "BRVT"],
    "Hà Nội": ["Hanoi", "TP. Hà Nội"],
    "Đà Nẵng": ["TP. Đà Nẵng", "Da Nang"],
}
