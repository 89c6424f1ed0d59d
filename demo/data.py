"""The demo organisation, as plain data: committees, sectors, members, logins.

The plans are in demo/plans.py.
"""

DEMO_PASSWORD = "cppcc-demo"
DEMO_YEAR = 2026

CITY = {"name": "政协河洛市委员会", "short_name": "市政协", "level": "city"}
CITY_BODIES = [
    ("办公室", "office"),
    ("调研室", "office"),
    ("经济委员会", "special"),
    ("农业和农村委员会", "special"),
    ("人口资源环境委员会", "special"),
    ("教科卫体委员会", "special"),
    ("社会和法制委员会", "special"),
    ("民族宗教委员会", "special"),
    ("文化和文史委员会", "special"),
    ("港澳台侨和外事委员会", "special"),
    ("提案委员会", "special"),
]
COUNTY = {"name": "政协清源县委员会", "short_name": "县政协", "level": "county"}
COUNTY_BODIES = [
    ("办公室", "office"),
    ("提案和学习文史委员会", "special"),
    ("经济科技委员会", "special"),
    ("社会事业委员会", "special"),
]
TOWNSHIP_GROUP = {"name": "城关镇政协工作组", "short_name": "城关镇政协工作组", "level": "township"}

SECTORS = [
    "中共",
    "民革",
    "民盟",
    "民建",
    "民进",
    "农工党",
    "九三学社",
    "无党派人士",
    "共青团",
    "工商联",
    "科技界",
    "经济界",
    "农业界",
    "教育界",
    "文化艺术界",
    "医药卫生界",
    "社会福利和社会保障界",
    "少数民族界",
    "宗教界",
    "特邀人士",
]
# The party a member of each party sector belongs to; others are mixed.
SECTOR_PARTY = {
    "中共": "cpc",
    "民革": "rcck",
    "民盟": "cdl",
    "民建": "cdnca",
    "民进": "capd",
    "农工党": "cpwdp",
    "九三学社": "js",
    "无党派人士": "none",
}
OTHER_PARTIES = ["cpc", "masses", "none"]

# Fictional members. Some names carry rarer characters (喆 堃 镕 昇 犇 淼) that
# printed documents must show, not box.
MEMBER_NAMES = [
    "王建国", "李秀兰", "张明华", "刘志强", "陈静", "杨帆", "赵喆", "黄丽娟",
    "周堃", "吴海燕", "徐镕", "孙昇", "胡犇", "朱淼", "高文博", "林晓梅",
    "何振宇", "郭春兰", "马德胜", "罗佳慧", "梁永福", "宋雅琴", "郑国栋", "谢婷",
    "韩卫东", "唐玉珍", "冯立新", "于晓东", "董淑芬", "萧志刚", "程雪梅", "曹振华",
    "袁丽萍", "邓伟", "许海涛", "傅红霞", "沈建军", "曾凡荣", "彭春燕", "吕国强",
]  # fmt: skip
MEMBER_TITLES = [
    "河洛市第一中学校长",
    "河洛市人民医院副院长",
    "河洛农业科学研究院研究员",
    "河洛市律师协会副会长",
    "河洛大学教授",
    "河洛市某科技有限公司董事长",
    "河洛市文化馆馆长",
    "河洛市妇幼保健院主任医师",
    "河洛市工商业联合会副主席",
    "河洛市某村党支部书记",
]
# Leading seats in the city committee body, by member index.
BODY_ROLES = {0: "chair", 1: "vice_chair", 2: "vice_chair", 3: "vice_chair", 4: "secretary_general"}
STANDING_MEMBERS = range(5, 15)
COUNTY_MEMBERS = range(32, 40)

# username -> (committee key, role); `admin` is a superuser.
LOGINS = {
    "editor": ("city", "editor"),
    "leader": ("city", "leader"),
    "viewer": ("city", "viewer"),
    "editor2": ("county", "editor"),
}
