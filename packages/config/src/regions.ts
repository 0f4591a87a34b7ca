// The three care and safety houses (ZVH) of Noord-Holland, each deployed as its own stage.
// Municipalities follow the police districts / safety regions the ZVHs serve (2026 boundaries).

export const REGION_IDS = ['noord-holland-noord', 'zaanstreek-waterland', 'kennemerland'] as const;
export type RegionId = (typeof REGION_IDS)[number];

export interface Municipality {
  /** Stable id used in APIs and organisation ids, e.g. `haarlem`. */
  id: string;
  /** Official name (gemeentenaam). */
  name: string;
}

export interface RegionConfig {
  id: RegionId;
  /** Three-letter prefix of case numbers, e.g. `KEN-2026-000123`. */
  caseNumberPrefix: string;
  /** Display name of the care and safety house (Zorg- en Veiligheidshuis). */
  name: string;
  /** AWS region the stage deploys to. */
  awsRegion: string;
  /** AWS account of the stage; absent means the account of the deploying credentials. */
  account?: string;
  /** Days CloudWatch keeps function and access logs. */
  logRetentionDays: number;
  /**
   * Addresses of the region's ops team, subscribed to its alarm topic (e-mail; each confirms once).
   * The `.example` addresses are placeholders: set the real ones before deploying.
   */
  opsEmails: readonly string[];
  municipalities: readonly Municipality[];
}

const m = (id: string, name: string): Municipality => ({ id, name });

export const REGIONS: Record<RegionId, RegionConfig> = {
  'noord-holland-noord': {
    id: 'noord-holland-noord',
    caseNumberPrefix: 'NHN',
    name: 'Zorg- en Veiligheidshuis Noord-Holland Noord',
    awsRegion: 'eu-west-1',
    logRetentionDays: 365,
    opsEmails: ['cter-ops@nhn.zvh.example'],
    municipalities: [
      m('alkmaar', 'Alkmaar'),
      m('bergen', 'Bergen'),
      m('castricum', 'Castricum'),
      m('den-helder', 'Den Helder'),
      m('dijk-en-waard', 'Dijk en Waard'),
      m('drechterland', 'Drechterland'),
      m('enkhuizen', 'Enkhuizen'),
      m('heiloo', 'Heiloo'),
      m('hollands-kroon', 'Hollands Kroon'),
      m('hoorn', 'Hoorn'),
      m('koggenland', 'Koggenland'),
      m('medemblik', 'Medemblik'),
      m('opmeer', 'Opmeer'),
      m('schagen', 'Schagen'),
      m('stede-broec', 'Stede Broec'),
      m('texel', 'Texel'),
      m('uitgeest', 'Uitgeest'),
    ],
  },
  'zaanstreek-waterland': {
    id: 'zaanstreek-waterland',
    caseNumberPrefix: 'ZWL',
    name: 'Zorg- en Veiligheidshuis Zaanstreek-Waterland',
    awsRegion: 'eu-west-1',
    logRetentionDays: 365,
    opsEmails: ['cter-ops@zwl.zvh.example'],
    municipalities: [
      m('edam-volendam', 'Edam-Volendam'),
      m('landsmeer', 'Landsmeer'),
      m('oostzaan', 'Oostzaan'),
      m('purmerend', 'Purmerend'),
      m('waterland', 'Waterland'),
      m('wormerland', 'Wormerland'),
      m('zaanstad', 'Zaanstad'),
    ],
  },
  kennemerland: {
    id: 'kennemerland',
    caseNumberPrefix: 'KEN',
    name: 'Zorg- en Veiligheidshuis Kennemerland',
    awsRegion: 'eu-west-1',
    logRetentionDays: 365,
    opsEmails: ['cter-ops@ken.zvh.example'],
    municipalities: [
      m('beverwijk', 'Beverwijk'),
      m('bloemendaal', 'Bloemendaal'),
      m('haarlem', 'Haarlem'),
      m('haarlemmermeer', 'Haarlemmermeer'),
      m('heemskerk', 'Heemskerk'),
      m('heemstede', 'Heemstede'),
      m('velsen', 'Velsen'),
      m('zandvoort', 'Zandvoort'),
    ],
  },
};

export function regionConfig(id: string): RegionConfig {
  const region = (REGIONS as Record<string, RegionConfig | undefined>)[id];
  if (!region) throw new Error(`unknown region '${id}' (known: ${REGION_IDS.join(', ')})`);
  return region;
}
