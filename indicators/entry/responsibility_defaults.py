"""Default labels of the department usually responsible for each main index (rank
drivers page). A suggestion to start from, editable in the admin (Responsibility);
after the July 2025 reorganisation the former Sở TT&TT tasks sit with the Sở KH&CN."""

# code → (Vietnamese, English)
DEFAULT_RESPONSIBILITIES: dict[str, tuple[str, str]] = {
    "NTS": (
        "Sở KH&CN; Ban Tuyên giáo và Dân vận",
        "Dept. of Science and Technology; Propaganda and Mass Mobilisation Commission",
    ),
    "TCS": (
        "Văn phòng UBND tỉnh; Sở Nội vụ; Sở Tư pháp",
        "Provincial People's Committee Office; Dept. of Home Affairs; Dept. of Justice",
    ),
    "HTS": (
        "Sở KH&CN / doanh nghiệp viễn thông",
        "Dept. of Science and Technology / telecom operators",
    ),
    "NLS": (
        "Sở Nội vụ; Sở GD&ĐT; Sở KH&CN",
        "Dept. of Home Affairs; Dept. of Education and Training; Dept. of Science and Technology",
    ),
    "ATTTM": ("Sở KH&CN; Công an tỉnh", "Dept. of Science and Technology; Provincial Police"),
    "HDCQS": (
        "Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công); các sở, ngành",
        "Provincial People's Committee Office (public administration service centre); all departments",
    ),
    "HDKTS": (
        "Sở Công Thương; Sở Tài chính; doanh nghiệp",
        "Dept. of Industry and Trade; Dept. of Finance; businesses",
    ),
    "HDXHS": (
        "Sở Y tế; Sở GD&ĐT; UBND cấp xã",
        "Dept. of Health; Dept. of Education and Training; commune People's Committees",
    ),
    "OTHER": (
        "Sở KH&CN; Sở Nội vụ; Công an tỉnh (nhận thức, thể chế, nhân lực, an toàn thông tin)",
        "Dept. of Science and Technology; Dept. of Home Affairs; Provincial Police (awareness, institutions, skills, cybersecurity)",
    ),
}
