/**
 * The Yangtze River Delta's administrative divisions (行政区划) used by the demo data, with their
 * GB/T 2260 codes. Only a selection: every province-level unit of the region, the prefecture-level
 * cities and counties the demo service points and matters live in, and a few neighbours.
 *
 * Shanghai's districts hang directly under 310000 (the statistical 310100 "市辖区" is left out,
 * since it is not a jurisdiction anyone works for).
 *
 * Listed parents first, so that inserting in order satisfies the parent foreign key.
 */
import type { JurisdictionLevel } from '@vwindow/signaling/protocol/values';

export interface SeedJurisdiction {
  /** GB/T 2260 code, six digits. */
  code: string;
  name: string;
  level: JurisdictionLevel;
  /** Null for a province-level unit. */
  parentCode: string | null;
}

const province = (code: string, name: string): SeedJurisdiction => ({
  code,
  name,
  level: 'province',
  parentCode: null,
});

const city = (code: string, name: string, parentCode: string): SeedJurisdiction => ({
  code,
  name,
  level: 'city',
  parentCode,
});

const county = (code: string, name: string, parentCode: string): SeedJurisdiction => ({
  code,
  name,
  level: 'county',
  parentCode,
});

export const SHANGHAI = '310000';
export const JIANGSU = '320000';
export const ZHEJIANG = '330000';
export const ANHUI = '340000';

export const PUDONG = '310115';
export const HUAIAN = '320800';
export const LIANSHUI = '320826';
export const TAIZHOU = '321200';
export const JIAXING = '330400';
export const PINGHU = '330482';
export const HUAIBEI = '340600';

export const seedJurisdictions: readonly SeedJurisdiction[] = [
  // 省级 (three provinces and one municipality)
  province(SHANGHAI, '上海市'),
  province(JIANGSU, '江苏省'),
  province(ZHEJIANG, '浙江省'),
  province(ANHUI, '安徽省'),

  // 地级市
  city('320100', '南京市', JIANGSU),
  city('320200', '无锡市', JIANGSU),
  city('320500', '苏州市', JIANGSU),
  city(HUAIAN, '淮安市', JIANGSU),
  city(TAIZHOU, '泰州市', JIANGSU),
  city('330100', '杭州市', ZHEJIANG),
  city('330200', '宁波市', ZHEJIANG),
  city(JIAXING, '嘉兴市', ZHEJIANG),
  city('330500', '湖州市', ZHEJIANG),
  city('340100', '合肥市', ANHUI),
  city('340200', '芜湖市', ANHUI),
  city(HUAIBEI, '淮北市', ANHUI),
  city('341800', '宣城市', ANHUI),

  // 县级 (districts, counties, county-level cities)
  county(PUDONG, '浦东新区', SHANGHAI),
  county('310117', '松江区', SHANGHAI),
  county('310118', '青浦区', SHANGHAI),
  county('320102', '玄武区', '320100'),
  county('320509', '吴江区', '320500'),
  county('320583', '昆山市', '320500'),
  county('320812', '清江浦区', HUAIAN),
  county(LIANSHUI, '涟水县', HUAIAN),
  county('321202', '海陵区', TAIZHOU),
  county('321281', '兴化市', TAIZHOU),
  county('330106', '西湖区', '330100'),
  county('330402', '南湖区', JIAXING),
  county('330421', '嘉善县', JIAXING),
  county(PINGHU, '平湖市', JIAXING),
  county('330521', '德清县', '330500'),
  county('330523', '安吉县', '330500'),
  county('340104', '蜀山区', '340100'),
  county('340603', '相山区', HUAIBEI),
  county('340621', '濉溪县', HUAIBEI),
  county('341802', '宣州区', '341800'),
  county('341882', '广德市', '341800'),
];
