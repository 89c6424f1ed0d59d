"""The demo plans, as plain data.

The city consultation plan follows sample 篇1 of the seed plans: the same
groups, activities, times, participants and organizers, with the place made
fictional (河洛市) and long paragraphs written shorter. The county plan is a
work-key-points plan in the style of samples 篇3 and 篇4.
"""

# --- City consultation plan (after sample 篇1) ------------------------------

GOV = "市政府分管副市长"
SOME_MEMBERS = ("members", "部分政协委员")
EXPERTS = ("experts", "智库专家")


def _usual_participants(*units, local=False):
    """市政府分管副市长、<units>等单位[和有关县区政府]负责同志，部分政协委员、智库专家"""
    entries = [("leader", GOV)] + [("unit", unit) for unit in units]
    if local:
        entries.append(("local_gov", "有关县区政府"))
    return [*entries, SOME_MEMBERS, EXPERTS]


CITY_PLAN = {
    "kind": "consultation",
    "title": "政协河洛市委员会2026年度协商工作计划",
    "document_number": "河洛政协〔2026〕3号",
    "issue_date": (2026, 1, 20),
    "status": "issued",
    "preamble": (
        "为深入贯彻中央和省委、市委关于加强人民政协协商民主建设的部署要求，"
        "发挥人民政协作为协商民主重要渠道和专门协商机构的作用，推进政协协商制度化、"
        "规范化、程序化，根据市委全会确定的年度工作重点，结合市政协工作实际，"
        "提出2026年度市政协协商工作计划如下："
    ),
    "sections": [
        {
            "heading": "指导思想",
            "body": (
                "坚持以习近平新时代中国特色社会主义思想为指导，牢牢把握团结和民主两大主题，"
                "聚焦市委、市政府中心任务和群众期盼，有序高效地组织政协协商活动，"
                "为河洛高质量发展作出积极贡献。"
            ),
        },
        {
            "heading": "基本原则",
            "children": [
                {
                    "lead_phrase": "围绕中心，服务大局。",
                    "body": (
                        "聚焦全市经济社会发展中的重点、难点和群众关注的热点问题，精心组织调研、"
                        "视察和协商，力求协商成果贴近党政工作重心，为科学决策提供参考。"
                    ),
                },
                {
                    "lead_phrase": "丰富形式，注重实效。",
                    "body": (
                        "把协商民主贯穿履职全过程，坚持协商于决策之前和决策实施之中，"
                        "拓展协商内容，丰富协商形式，规范协商程序，努力提高协商实效。"
                    ),
                },
                {
                    "lead_phrase": "广泛协商，群策群力。",
                    "body": (
                        "主动邀请党政领导同志参加协商活动，广泛听取党派团体和社会各界意见，"
                        "发挥界别作用，坚持商以求同、协以成事，增进共识。"
                    ),
                },
            ],
        },
        {
            "heading": "协商形式、议题、内容及时间安排",
            "body": (
                "2026年以政协全委会、专题议政性常委会、双月协商座谈会、专题协商、界别协商、"
                "调研、视察等形式开展重点协商活动。"
            ),
            "children": [
                {
                    "heading": "政协全委会协商",
                    "show_count": True,
                    "type": "全体会议协商",
                    "activities": [
                        {
                            "topic": "加强人才建设，为经济高质量发展提供重要支撑",
                            "content": (
                                "围绕培养、吸引、留住人才和发挥人才作用，以全委会议政的形式资政建言，"
                                "着力打造区域人才高地。"
                            ),
                            "schedule": {
                                "kind": "event",
                                "event": "市政协十四届二次全会期间",
                                "month": 1,
                            },
                            "participants": [
                                ("leader", "市党政有关领导"),
                                ("leader", "市直有关部门负责同志"),
                                ("members", "全体市政协委员"),
                            ],
                            "lead": "调研室",
                        },
                    ],
                },
                {
                    "heading": "专题议政性常委会协商",
                    "show_count": True,
                    "type": "专题议政性常委会议",
                    "activities": [
                        {
                            "topic": "进一步加快乡村振兴步伐",
                            "content": (
                                "围绕加快实施乡村振兴战略规划，就发展现代农业、打造绿色农产品品牌、"
                                "发展生态循环和休闲农业、整治村庄人居环境开展调研，推进一二三产业"
                                "融合发展，促进农民持续增收。"
                            ),
                            "schedule": {"kind": "month", "month": 6},
                            "participants": _usual_participants("市发改委", "市农业农村局"),
                            "lead": "调研室",
                            "joint": ["农业和农村委员会"],
                        },
                        {
                            "topic": "以科技创新推动经济高质量发展",
                            "content": (
                                "围绕做强创新主体与平台、推进科技创新、加快成果转化三个专题调研，"
                                "针对贡献率不高、产学研融合不够、研发投入不足等问题找准症结，"
                                "提出对策建议。"
                            ),
                            "schedule": {"kind": "month", "month": 9},
                            "participants": _usual_participants("市发改委", "市科技局", "市工信局"),
                            "lead": "调研室",
                            "joint": ["经济委员会", "教科卫体委员会"],
                        },
                    ],
                },
                {
                    "heading": "双月协商座谈会协商",
                    "show_count": True,
                    "type": "双月协商座谈会",
                    "activities": [
                        {
                            "topic": "做好河洛济川融合发展协商调研，助推河洛与周边各市联动发展",
                            "content": (
                                "落实省委、省政府赋予河洛区域副中心的新定位，研究河洛与济川融合发展，"
                                "发挥河洛辐射带动作用，争取省政协将区域联动发展列为协商议题。"
                            ),
                            "schedule": {"kind": "month", "month": 5},
                            "participants": _usual_participants(
                                "市发改委",
                                "市工信局",
                                "市自然资源和规划局",
                                "市商务局",
                                "市交通运输局",
                                local=True,
                            ),
                            "lead": "经济委员会",
                        },
                        {
                            "topic": "促进农业龙头企业做大做强，带动农民增收",
                            "content": (
                                "针对全市农业龙头企业少、带动作用弱的现状全面调研，找准问题根源，"
                                "提出加大政策扶持、发掘资源优势、做强龙头企业的意见建议。"
                            ),
                            "schedule": {"kind": "month", "month": 5},
                            "participants": _usual_participants(
                                "市农业农村局", "市商务局", "市扶贫开发办公室", local=True
                            ),
                            "lead": "农业和农村委员会",
                        },
                        {
                            "topic": "加大黄河湿地环境资源保护力度，促进生态环境质量提升",
                            "content": (
                                "以加强黄河湿地保护建设为切入点，摸清沿黄湿地保护现状和问题，"
                                "提出针对性意见建议，促进全市生态文明建设。"
                            ),
                            "schedule": {"kind": "month", "month": 7},
                            "participants": _usual_participants(
                                "市林业局", "市生态环境局", "市水利局", local=True
                            ),
                            "lead": "人口资源环境委员会",
                        },
                        {
                            "topic": "深化河洛文化研究，促进历史文明传承创新区建设",
                            "content": (
                                "整合研究力量，以客家文化为切入点深入研究河洛文化，提升其影响力，"
                                "为办好河洛文化旅游节打下基础。"
                            ),
                            "schedule": {"kind": "month", "month": 8},
                            "participants": _usual_participants("市文化广电和旅游局"),
                            "lead": "港澳台侨和外事委员会",
                        },
                    ],
                },
                {
                    "heading": "专题协商",
                    "show_count": True,
                    "type": "专题协商",
                    "activities": [
                        {
                            "topic": "优化营商环境，推动支持民营经济发展政策举措加快落实",
                            "content": (
                                "就国家和省、市支持民营经济发展政策的落地落实开展督导调研，"
                                "为解决民营企业发展难题、营造更好发展环境提出建议。"
                            ),
                            "schedule": {"kind": "month", "month": 7},
                            "participants": _usual_participants(
                                "市发改委", "市工信局", "市商务局", "市市场监督管理局", "市税务局"
                            ),
                            "lead": "社会和法制委员会",
                        },
                    ],
                },
                {
                    "heading": "界别协商",
                    "show_count": True,
                    "type": "界别协商",
                    "activities": [
                        {
                            "topic": "发展学前教育，鼓励普惠性幼儿园发展",
                            "content": (
                                "针对公办及普惠性幼儿园数量少、比例低、政策不完善等问题专题调研，"
                                "提出意见建议，助推普惠性幼儿园发展。"
                            ),
                            "schedule": {"kind": "month", "month": 10},
                            "participants": _usual_participants(
                                "市人力资源和社会保障局", "市编办", "市教育局"
                            ),
                            "lead": "教科卫体委员会",
                        },
                    ],
                },
                {
                    "heading": "重点调研",
                    "show_count": True,
                    "type": "重点调研",
                    "activities": [
                        {
                            "topic": "全国和省、市宗教工作会议精神贯彻落实情况",
                            "content": (
                                "围绕坚持宗教中国化方向、依法规范宗教事务、治理佛道教商业化问题专题调研，"
                                "推动宗教工作会议精神落实，提高宗教工作水平。"
                            ),
                            "schedule": {"kind": "month", "month": 5},
                            "lead": "民族宗教委员会",
                        },
                        {
                            "topic": "加强农村寄宿制学校建设，改善乡村教师资源配置",
                            "content": (
                                "就农村义务教育学校布局和寄宿制学校建设专项规划执行情况深入调研，"
                                "了解乡村教师配备情况，提出推进寄宿制学校标准化建设、"
                                "加强农村教师队伍的建议。"
                            ),
                            "schedule": {"kind": "month", "month": 7},
                            "lead": "教科卫体委员会",
                        },
                        {
                            "topic": "应天门、二里头在建大遗址项目保护利用情况",
                            "content": "围绕在建大遗址项目的保护利用专题调研，推动大遗址保护可持续发展。",
                            "schedule": {"kind": "month", "month": 7},
                            "lead": "文化和文史委员会",
                        },
                        {
                            "topic": "全市国土绿化提速提质行动推进情况",
                            "content": (
                                "践行习近平生态文明思想，围绕国土绿化与森林城市创建推进情况视察督导，"
                                "助推全市生态建设。"
                            ),
                            "schedule": {"kind": "month", "month": 9},
                            "lead": "农业和农村委员会",
                        },
                    ],
                },
                {
                    "heading": "重点视察",
                    "show_count": True,
                    "type": "重点视察",
                    "activities": [
                        {
                            "topic": "优化城市区教育资源配置，有效消肿“大班额”、降温“择校热”",
                            "content": (
                                "聚焦城市区择校热、大班额问题重点视察，掌握真实情况，"
                                "提出优化基础教育发展生态的意见建议。"
                            ),
                            "schedule": {"kind": "month", "month": 3},
                            "lead": "教科卫体委员会",
                        },
                        {
                            "topic": "推进军民融合产业园建设",
                            "content": "视察督导军民融合产业园建设，加快推进“一园两区”建设。",
                            "schedule": {"kind": "month", "month": 5},
                            "lead": "港澳台侨和外事委员会",
                        },
                        {
                            "topic": "全市重点民生实事落实情况",
                            "content": (
                                "组织委员对市定民生实事推进情况持续开展监督性视察，"
                                "推动民生实事加快落地，提升群众获得感。"
                            ),
                            "schedule": {"kind": "month", "month": 9},
                            "lead": "社会和法制委员会",
                        },
                        {
                            "topic": "“四河同治、三渠联动”推进情况",
                            "content": (
                                "视察督导“四河同治、三渠一区联动”工作，摸清情况、发现问题，"
                                "提出助推水生态建设的意见建议。"
                            ),
                            "schedule": {"kind": "month", "month": 10},
                            "lead": "人口资源环境委员会",
                        },
                        {
                            "topic": "全市重点项目建设推进情况",
                            "content": (
                                "围绕重大交通枢纽及地铁1号线、2号线等重点项目推进情况专题视察，"
                                "加快推进项目建设。"
                            ),
                            "schedule": {"kind": "month", "month": 10},
                            "lead": "经济委员会",
                        },
                    ],
                },
            ],
        },
        {
            "heading": "措施保障",
            "children": [
                {
                    "lead_phrase": "高度重视，协同配合。",
                    "body": (
                        "各级党委、政府和相关部门将政协年度协商计划纳入议事日程，支持政协依章程"
                        "开展协商和监督活动；市委办公室、市政府办公室、市政协办公室加强协作，"
                        "明确任务、落实责任。"
                    ),
                },
                {
                    "lead_phrase": "精心组织，深入研究。",
                    "body": (
                        "坚持“先调研、后协商”，组织党派团体、委员、专家和群众围绕议题深入调查研究，"
                        "提前告知涉及的党政部门，做好协商前期准备。"
                    ),
                },
                {
                    "lead_phrase": "周密计划，深入协商。",
                    "body": (
                        "结合调研准备好协商材料，邀请相关界别委员、党派团体、专家学者和群众参与，"
                        "营造畅所欲言、理性有度的协商氛围，提高建言质量。"
                    ),
                },
                {
                    "lead_phrase": "强化落实，提升实效。",
                    "body": (
                        "完善协商成果批办、交办、承办、督办和反馈机制，以调研报告、视察报告、"
                        "协商专报等形式报送市委、市政府，并共同督促办理。"
                    ),
                },
                {
                    "lead_phrase": "严明纪律，改进作风。",
                    "body": (
                        "落实中央八项规定及其实施细则精神，合理安排调研视察，简化接待，"
                        "不影响基层正常工作，做到察实情、讲真话、献实策。"
                    ),
                },
            ],
        },
    ],
}

# --- County work key points (in the style of samples 篇3 and 篇4) -------------

COUNTY_PLAN = {
    "kind": "key_points",
    "title": "政协清源县委员会2026年工作要点",
    "document_number": "",
    "issue_date": None,
    "status": "draft",
    "preamble": (
        "2026年，县政协坚持团结和民主两大主题，围绕县委、县政府中心工作，"
        "切实履行政治协商、民主监督、参政议政职能，现将全年工作要点安排如下："
    ),
    "sections": [
        {
            "heading": "围绕同心同向抓学习，进一步夯实思想政治基础",
            "activities": [
                {
                    "type": "学习培训",
                    "topic": "举办政协委员培训班",
                    "content": "举办两期委员培训班，专题辅导党的理论和政协履职知识。",
                    "schedule": {"kind": "half", "half": 1},
                    "lead": "提案和学习文史委员会",
                },
                {
                    "type": "读书活动",
                    "topic": "加强理论武装",
                    "content": "全体委员通过自学、交流体会等形式，准确领会精神实质；拟定委员每季度固定学习日。",
                    "schedule": {"kind": "recurring", "recurrence": "quarterly"},
                    "participants": [("members", "全体委员")],
                    "lead": "提案和学习文史委员会",
                },
                {
                    "type": "自身建设",
                    "topic": "把准履职方向",
                    "content": "把学习成果与全县实际结合起来，紧扣“项目攻坚年”主题开展履职活动。",
                    "schedule": {"kind": "year"},
                    "lead": "办公室",
                },
            ],
        },
        {
            "heading": "履行三项职能，积极服务发展",
            "activities": [
                {
                    "type": "专题调研",
                    "topic": "开展重点工程建设专题调研",
                    "content": "组织委员对全县重点工程和项目建设情况调查研究，形成高质量调研报告。",
                    "schedule": {"kind": "months", "month": 3, "end_month": 5},
                    "participants": [("members", "部分政协委员"), ("sector", "经济界")],
                    "lead": "经济科技委员会",
                },
                {
                    "type": "专题视察",
                    "topic": "视察全县民生实事推进情况",
                    "content": "组织委员视察民生实事推进情况，及时写出视察报告，认真跟踪问效。",
                    "schedule": {"kind": "range", "start": (2026, 4, 19), "end": (2026, 4, 24)},
                    "participants": [
                        ("unit", "县发改局"),
                        ("unit", "县住建局"),
                        ("members", "部分政协委员"),
                    ],
                    "lead": "社会事业委员会",
                    "targets": "视察全年不少于两次。",
                },
                {
                    "type": "民主监督",
                    "topic": "提高民主监督水平",
                    "content": "围绕县委、县政府决策落实情况，运用会议、视察、建议案等形式开展民主监督。",
                    "schedule": {"kind": "quarter", "quarter": 3},
                    "lead": "社会事业委员会",
                    "joint": ["经济科技委员会"],
                },
                {
                    "type": "提案工作",
                    "topic": "积极撰写高水平提案",
                    "content": "围绕县委中心工作和群众关心的热点难点问题调查研究，抓好提案征集、立案、交办和督办。",
                    "schedule": {"kind": "year"},
                    "participants": [("members", "全体委员")],
                    "lead": "提案和学习文史委员会",
                    "targets": "每个委员至少提交两份有质量的提案。",
                },
                {
                    "type": "社情民意信息",
                    "topic": "及时反映社情民意",
                    "content": "发挥委员联系广泛的优势，拓宽信息渠道，把群众的意见和要求报送县委、县政府。",
                    "schedule": {"kind": "recurring", "recurrence": "monthly"},
                    "lead": "办公室",
                },
            ],
        },
        {
            "heading": "密切联系各方，凝聚共识力量",
            "activities": [
                {
                    "type": "团结联谊",
                    "topic": "组织县内企业联谊座谈会",
                    "content": "通过座谈会使委员了解全县招商引资和项目建设情况，增强发展合力。",
                    "schedule": {"kind": "date", "date": (2026, 6, 18)},
                    "participants": [
                        ("parties", "民主党派"),
                        ("parties", "工商联"),
                        ("parties", "无党派人士"),
                    ],
                    "lead": "经济科技委员会",
                },
                {
                    "type": "团结联谊",
                    "topic": "走访政协委员",
                    "content": "全年至少走访委员一次，了解委员思想、工作和生活情况，激发履职热情。",
                    "schedule": {"kind": "half", "half": 2},
                    "lead": "办公室",
                },
            ],
        },
        {
            "heading": "强化自身建设，提高履职水平",
            "activities": [
                {
                    "type": "自身建设",
                    "topic": "加强机关规范化管理",
                    "content": "建立完善机关规章制度，坚持一月一堂课制度，提高工作人员素质。",
                    "schedule": {"kind": "recurring", "recurrence": "monthly"},
                    "lead": "办公室",
                },
                {
                    "type": "宣传",
                    "topic": "加大宣传力度",
                    "content": "密切与新闻单位的联系，宣传政协工作动态和委员履职事迹，扩大政协影响力。",
                    "schedule": {"kind": "none"},
                    "lead": "办公室",
                },
            ],
        },
    ],
}
