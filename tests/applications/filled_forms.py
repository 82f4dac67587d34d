"""Realistic filled forms of the three 附件1 types (long texts as applicants really write them), for the display
tests, the PDF layout check and the officer-page screenshots."""

from applications.form_specs import clean_data, spec_for
from competitions.enums import FormType

ORG = {
    "org_name": "郑州绿源装备制造有限公司", "org_credit_code": "91410100MA3X5Y7K29",
    "org_address": "河南省郑州市中牟县绿博大道88号", "org_nature": "民营", "org_employees": "612",
    "legal_name": "赵志强", "legal_phone": "0371-62551234", "contact_name": "孙丽", "contact_phone": "13803711234",
    "commitment": True,
}
ENTERPRISE = {
    **ORG, "org_industry": "通用设备制造业", "org_products": "高效节能锅炉、余热回收装置", "org_output": "86520.5",
    "org_email": "office@lvyuan-zz.com.cn", "org_fax": "0371-62551235",
    "org_intro": ("郑州绿源装备制造有限公司成立于2006年，是国家高新技术企业、河南省专精特新中小企业，主要从事工业锅炉、"
                  "余热回收装置及节能环保成套设备的研发、设计与制造。公司占地面积12万平方米，拥有省级企业技术中心和"
                  "河南省工业余热利用工程技术研究中心，现有研发人员86人，累计获得发明专利23项、实用新型专利71项。"
                  "2024年实现工业总产值8.65亿元，产品销往全国28个省（区、市）并出口东南亚、中亚等地区。公司先后荣获"
                  "国家级绿色工厂、河南省节能减排竞赛先进单位、郑州市市长质量奖等荣誉。"),
}
LONG = ("在燃气锅炉尾部设置烟气冷凝换热器和吸收式热泵，将排烟温度由120℃降至35℃以下，回收烟气中的显热和水蒸气"
        "潜热，用于预热锅炉补水和厂区供暖。系统采用耐腐蚀的双相不锈钢翅片管换热器，配套在线清洗和冷凝水中和处理装置，"
        "冷凝水经处理后回用于循环水系统。控制系统根据负荷自动调节热泵和换热器的运行参数，实现全年稳定运行。")

TECHNOLOGY = {
    **ENTERPRISE, "name": "燃气锅炉烟气余热深度回收技术", "tech_category": "节能降碳技术", "tech_stage": "应用类",
    "scope": "适用于化工、食品、纺织、医药等行业的燃气蒸汽锅炉和热水锅炉，单台锅炉容量4t/h及以上；"
             "要求厂区有稳定的低温热用户（补水预热、供暖或工艺用热），冷凝水须经中和处理后回用。",
    "ip": "共享知识产权", "ip_sharer": "郑州大学",
    "principle": LONG * 3,
    "practicality": "解决了燃气锅炉排烟温度高、潜热无法回收、冷凝水腐蚀设备等关键问题。" + LONG,
    "replicability": "该技术已在河南、山东、河北等省的32家企业推广应用，技术成熟度高，改造周期短（一般15天），"
                     "投资回收期1.5～2.5年，可在化工、食品、纺织等行业复制推广。",
    "project_name": "河南某化工公司20t/h燃气锅炉烟气余热回收改造项目",
    "project_content": "项目背景：该公司有3台20t/h燃气蒸汽锅炉，排烟温度约125℃，年耗天然气1800万立方米。" + LONG * 2,
    "benefits": "项目实施后，排烟温度降至32℃，锅炉热效率由91%提高到102%（按低位热值计），年节约天然气约190万立方米，"
                "折合节能量2470tce，减排二氧化碳4110tCO2，年节水约3.6万吨，年节约燃料费用约560万元。" + LONG,
    "energy_saving": "2470", "water_saving": "36000", "co2_reduction": "4110", "gas_reduction": "12.6",
    "wastewater_reduction": "0", "hazardous_reduction": "",
}
PRODUCT = {
    **ENTERPRISE, "name": "超低氮冷凝式燃气热水锅炉", "model": "LYRS-2.8-Q",
    "function": "额定热功率2.8MW，额定出水温度95℃，热效率≥104%（低位热值），氮氧化物排放浓度≤30mg/m³。" + LONG,
    "resource": "锅炉本体采用可回收的不锈钢和碳钢材料，可回收利用率达到92%；不使用含石棉、含铅的保温和密封材料。" + LONG,
    "energy": "采用全预混燃烧和冷凝换热技术，比传统燃气锅炉节能12%以上；配套变频风机和智能控制系统，部分负荷效率更高。",
    "environment": "氮氧化物排放低于河南省锅炉大气污染物排放地方标准限值，冷凝水经中和装置处理后达标排放。" + LONG,
    "quality": "整机设计寿命20年，关键部件可在线更换，支持远程监控和故障诊断；通过压力容器型式试验和能效测试。",
    "low_carbon": "开展了产品全生命周期碳足迹核算，单台产品碳足迹为86.4tCO2e，通过采用低碳钢材、优化焊接工艺、"
                  "就近采购原材料等措施，较2022年下降14%。" + LONG,
}
SERVICE = {
    **ORG, "org_name": "河南清风节能科技服务有限公司", "org_credit_code": "91410100MA9G2K3L4N",
    "served_count": "146", "org_employees": "85",
    "org_intro": "河南清风节能科技服务有限公司是省级绿色制造服务供应商，业务涵盖节能诊断、清洁生产审核、"
                 "碳排放核查和绿色工厂创建咨询，拥有注册节能评估师12名、清洁生产审核师18名。" + LONG,
    "name": "某铝加工企业绿色工厂创建与能源管控系统集成服务", "direction": ["绿色制造咨询评价服务", "其他"],
    "direction_other": "能源管控中心建设",
    "capability": "具备绿色制造方案咨询、能源管控系统设计与集成、运营维护的全流程服务能力。" + LONG,
    "case_intro": "案例背景：该企业年产铝板带箔30万吨，综合能耗约12万tce。" + LONG * 3,
    "effect": "帮助企业建成能源管控中心，年节能量6800tce，减排二氧化碳1.7万吨，获评国家级绿色工厂。" + LONG,
}
DATA = {FormType.TECHNOLOGY: TECHNOLOGY, FormType.PRODUCT: PRODUCT, FormType.SERVICE: SERVICE}


def filled(form_type: str) -> dict:
    return clean_data(spec_for(form_type), DATA[form_type])
