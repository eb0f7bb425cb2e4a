/**
 * Demo cross-province matters (跨省通办事项) with their material checklists (申请材料).
 * Codes are stable: `KSTB-<home jurisdiction code>-<three-digit number>`, so that tests, docs and
 * later seeds can refer to a matter without knowing its row id.
 *
 * Time limits (承诺时限) are in working days; materials are listed in the order a clerk checks them.
 */
import { LIANSHUI, PINGHU, PUDONG, HUAIBEI, TAIZHOU } from './jurisdictions';

export interface SeedMaterial {
  name: string;
  required: boolean;
  /** When the material applies, or what may replace it; '' when there is nothing to add. */
  note: string;
}

export interface SeedMatter {
  code: string;
  name: string;
  homeJurisdictionCode: string;
  timeLimitDays: number;
  description: string;
  materials: readonly SeedMaterial[];
}

const required = (name: string, note = ''): SeedMaterial => ({ name, required: true, note });
const optional = (name: string, note: string): SeedMaterial => ({ name, required: false, note });

const ID_CARD = '居民身份证';
const POWER_OF_ATTORNEY = '授权委托书及受托人居民身份证';

/** 平湖市 (浙江省嘉兴市) */
const pinghuMatters: SeedMatter[] = [
  {
    code: `KSTB-${PINGHU}-001`,
    name: '不动产抵押权登记（首次登记）',
    homeJurisdictionCode: PINGHU,
    timeLimitDays: 5,
    description: '以平湖市不动产设定抵押的，由抵押人与抵押权人共同申请抵押权首次登记，登簿后核发不动产登记证明。',
    materials: [
      required(ID_CARD, '抵押人为自然人的提供本人身份证；法人提供营业执照及经办人身份证'),
      required('不动产登记申请书'),
      required('不动产权属证书'),
      required('主债权合同', '如借款合同'),
      required('抵押合同', '主债权合同中已包含抵押条款的可不另行提供'),
      optional(POWER_OF_ATTORNEY, '委托他人代为申请时提供'),
    ],
  },
  {
    code: `KSTB-${PINGHU}-002`,
    name: '住房公积金提取（异地购房）',
    homeJurisdictionCode: PINGHU,
    timeLimitDays: 3,
    description: '在平湖缴存住房公积金的职工在异地购买自住住房的，申请提取本人住房公积金账户余额。',
    materials: [
      required(ID_CARD),
      required('购房合同及购房发票', '已取得不动产权证书的可提供不动产权证书'),
      required('本人银行借记卡', '用于接收提取资金，须为本人一类账户'),
      optional('结婚证', '同时提取配偶住房公积金时提供'),
    ],
  },
  {
    code: `KSTB-${PINGHU}-003`,
    name: '社会保障卡申领',
    homeJurisdictionCode: PINGHU,
    timeLimitDays: 10,
    description: '在平湖参保的人员申领第三代社会保障卡，制卡后邮寄至申请人指定地址或在属地领取。',
    materials: [
      required(ID_CARD),
      required('近期免冠白底彩色证件照', '可在窗口现场拍摄采集'),
      optional('居民户口簿', '未满16周岁且未办理居民身份证的申领人提供'),
      optional('监护人居民身份证', '未满16周岁的申领人由监护人代办时提供'),
    ],
  },
  {
    code: `KSTB-${PINGHU}-004`,
    name: '不动产登记资料查询',
    homeJurisdictionCode: PINGHU,
    timeLimitDays: 1,
    description: '权利人或利害关系人查询平湖市不动产登记簿记载的权属、抵押、查封等登记资料。',
    materials: [
      required(ID_CARD),
      required('不动产登记资料查询申请书'),
      optional('利害关系证明材料', '利害关系人查询时提供，如买卖合同、诉讼受理通知书'),
      optional(POWER_OF_ATTORNEY, '委托他人查询时提供'),
    ],
  },
];

/** 淮北市 (安徽省) */
const huaibeiMatters: SeedMatter[] = [
  {
    code: `KSTB-${HUAIBEI}-001`,
    name: '基本医疗保险关系转移接续',
    homeJurisdictionCode: HUAIBEI,
    timeLimitDays: 15,
    description: '参保人员跨省流动就业后，由转入地淮北市医保经办机构办理基本医疗保险关系转入和个人账户余额接续。',
    materials: [
      required(ID_CARD, '或社会保障卡、医保电子凭证'),
      required('基本医疗保险关系转移接续申请表'),
      optional('基本医疗保障参保（合）凭证', '由转出地出具；可通过全国医保信息平台获取的免于提供'),
    ],
  },
  {
    code: `KSTB-${HUAIBEI}-002`,
    name: '养老保险待遇领取资格认证',
    homeJurisdictionCode: HUAIBEI,
    timeLimitDays: 1,
    description: '在淮北市领取基本养老保险待遇、居住在外省的人员，通过远程视频核验完成待遇领取资格认证。',
    materials: [required(ID_CARD), optional('社会保障卡', '已领取社会保障卡的一并提供')],
  },
  {
    code: `KSTB-${HUAIBEI}-003`,
    name: '婚姻登记档案查询',
    homeJurisdictionCode: HUAIBEI,
    timeLimitDays: 3,
    description: '当事人查询其在淮北市婚姻登记机关办理的结婚、离婚登记档案，并出具婚姻登记档案证明。',
    materials: [
      required(ID_CARD),
      required('婚姻登记档案查询申请表'),
      optional(POWER_OF_ATTORNEY, '委托他人查询时提供，委托书须经公证'),
    ],
  },
  {
    code: `KSTB-${HUAIBEI}-004`,
    name: '机动车驾驶证审验',
    homeJurisdictionCode: HUAIBEI,
    timeLimitDays: 1,
    description: '驾驶证核发地为淮北市的驾驶人在审验期内提交身体条件证明，办理驾驶证审验。',
    materials: [
      required(ID_CARD),
      required('机动车驾驶证'),
      required('身体条件证明', '县级或者部队团级以上医疗机构出具，六个月内有效'),
      optional('审验教育完成证明', '记分周期内有记分的驾驶人提供'),
    ],
  },
];

/** 涟水县 (江苏省淮安市) */
const lianshuiMatters: SeedMatter[] = [
  {
    code: `KSTB-${LIANSHUI}-001`,
    name: '户口迁移（跨省户籍迁移）',
    homeJurisdictionCode: LIANSHUI,
    timeLimitDays: 5,
    description: '符合涟水县落户条件的外省人员在收件地提出申请，由迁入地公安机关审核后直接办理迁入，无需往返开具准迁证。',
    materials: [
      required(ID_CARD),
      required('居民户口簿', '迁出地户口簿'),
      required('落户条件证明材料', '按落户类别提供，如不动产权证书、结婚证、亲属关系证明'),
      optional('结婚证', '夫妻投靠落户时提供'),
      optional('出生医学证明', '未成年子女随迁时提供'),
    ],
  },
  {
    code: `KSTB-${LIANSHUI}-002`,
    name: '异地就医备案（跨省）',
    homeJurisdictionCode: LIANSHUI,
    timeLimitDays: 1,
    description: '涟水县参保人员因异地长期居住或转诊就医，办理跨省异地就医直接结算备案。',
    materials: [
      required(ID_CARD, '或社会保障卡、医保电子凭证'),
      required('跨省异地就医登记备案表'),
      optional('异地长期居住证明', '异地长期居住人员提供居住证或个人承诺书'),
      optional('转诊转院证明', '转诊就医人员提供'),
    ],
  },
  {
    code: `KSTB-${LIANSHUI}-003`,
    name: '企业职工基本养老保险关系转移接续',
    homeJurisdictionCode: LIANSHUI,
    timeLimitDays: 15,
    description: '参保人员跨省流动就业后，由转入地涟水县社保经办机构办理企业职工基本养老保险关系和基金转入。',
    materials: [
      required(ID_CARD),
      required('基本养老保险关系转移接续申请表'),
      optional('参保缴费凭证', '由转出地社保经办机构出具；已通过全国社会保险公共服务平台申请的免于提供'),
    ],
  },
  {
    code: `KSTB-${LIANSHUI}-004`,
    name: '户籍证明开具',
    homeJurisdictionCode: LIANSHUI,
    timeLimitDays: 3,
    description: '为户籍在涟水县或曾在涟水县登记户口的人员开具户籍证明、注销户口证明等户籍类证明。',
    materials: [
      required(ID_CARD),
      optional('居民户口簿', '持有户口簿的一并提供'),
      optional('证明事项相关材料', '如开具亲属关系证明需提供双方身份信息'),
    ],
  },
];

/** 泰州市 (江苏省) */
const taizhouMatters: SeedMatter[] = [
  {
    code: `KSTB-${TAIZHOU}-001`,
    name: '个体工商户设立登记',
    homeJurisdictionCode: TAIZHOU,
    timeLimitDays: 1,
    description: '经营者申请在泰州市设立个体工商户，审核通过后核发营业执照。',
    materials: [
      required(ID_CARD, '经营者本人'),
      required('个体工商户登记（备案）申请书'),
      required('经营场所使用证明', '自有房产提供产权证明，租赁的提供租赁协议和出租方产权证明'),
      optional('委托代理人居民身份证及委托书', '委托他人办理时提供'),
    ],
  },
  {
    code: `KSTB-${TAIZHOU}-002`,
    name: '职业资格证书核验',
    homeJurisdictionCode: TAIZHOU,
    timeLimitDays: 5,
    description: '核验泰州市人力资源社会保障部门核发的职业资格证书或职业技能等级证书的真实性，并出具核验结果。',
    materials: [required(ID_CARD), required('职业资格证书原件'), required('证书核验申请表')],
  },
  {
    code: `KSTB-${TAIZHOU}-003`,
    name: '失业保险金申领',
    homeJurisdictionCode: TAIZHOU,
    timeLimitDays: 5,
    description: '在泰州市参加失业保险、非本人意愿中断就业的人员办理失业登记后，申领失业保险金。',
    materials: [
      required(ID_CARD),
      required('解除或终止劳动关系证明', '用人单位已报送社保系统的免于提供'),
      required('社会保障卡', '须已激活金融功能，用于发放失业保险金'),
    ],
  },
];

/** 浦东新区 (上海市) */
const pudongMatters: SeedMatter[] = [
  {
    code: `KSTB-${PUDONG}-001`,
    name: '有限责任公司设立登记',
    homeJurisdictionCode: PUDONG,
    timeLimitDays: 2,
    description: '申请人在浦东新区设立有限责任公司，材料齐全、符合法定形式的当场受理并核发营业执照。',
    materials: [
      required(ID_CARD, '法定代表人及经办人'),
      required('公司登记（备案）申请书'),
      required('公司章程'),
      required('股东主体资格证明', '自然人股东提供身份证件，法人股东提供营业执照'),
      required('住所使用证明'),
      required('法定代表人、董事、监事和经理的任职文件'),
      optional(POWER_OF_ATTORNEY, '委托代理人办理时提供'),
    ],
  },
  {
    code: `KSTB-${PUDONG}-002`,
    name: '营业执照遗失补领',
    homeJurisdictionCode: PUDONG,
    timeLimitDays: 1,
    description: '登记机关为浦东新区的市场主体营业执照遗失或毁损的，申请补领营业执照。',
    materials: [
      required(ID_CARD, '法定代表人或经办人'),
      required('营业执照补领申请书'),
      optional('遗失声明', '已通过国家企业信用信息公示系统公示的免于提供'),
    ],
  },
];

export const seedMatters: readonly SeedMatter[] = [
  ...pinghuMatters,
  ...huaibeiMatters,
  ...lianshuiMatters,
  ...taizhouMatters,
  ...pudongMatters,
];
