// The names of the measures of catalogue 2026.1, apart from its rules (catalogue-2026.ts): only the
// functions that show a measure by name carry them (the catalogue, suggestions, the evaluation export).
import type { MeasureTerms } from './schema';

export const TERMS_2026: Readonly<Record<string, MeasureTerms>> = {
  'one-on-one-mentoring': { name: 'ONE-on-ONE mentoring trajectory', dutchTerm: 'ONE-on-ONE mentortraject' },
  'exit-programme': { name: 'Exit programme', dutchTerm: 'exitprogramma (begeleiding bij uittreden)' },
  'ideological-counselling': { name: 'Theological or ideological counselling', dutchTerm: 'theologische of ideologische begeleiding' },
  'family-support': { name: 'Family support', dutchTerm: 'gezinsondersteuning', legalBasis: 'Jeugdwet' },
  'mental-health-treatment': { name: 'Mental-health treatment', dutchTerm: 'GGZ-behandeling' },
  'forensic-care': { name: 'Forensic mental-health care', dutchTerm: 'forensische zorg', legalBasis: 'Wet forensische zorg' },
  'supported-housing': { name: 'Supported housing', dutchTerm: 'woonbegeleiding', legalBasis: 'Wet maatschappelijke ondersteuning 2015' },
  'social-network-support': { name: 'Social network support', dutchTerm: 'netwerkversterking (familie- en netwerkberaad)' },
  'domestic-violence-support': { name: 'Domestic-violence support', dutchTerm: 'ondersteuning door Veilig Thuis' },
  'disruption-interview': { name: 'Disruption interview', dutchTerm: 'verstoringsgesprek' },
  'area-ban': { name: 'Area ban', dutchTerm: 'gebiedsverbod', legalBasis: 'Gemeentewet art. 172a' },
  'reporting-duty': { name: 'Reporting duty', dutchTerm: 'meldplicht', legalBasis: 'Gemeentewet art. 172a' },
  'contact-ban': { name: 'Contact ban', dutchTerm: 'contactverbod', legalBasis: 'Wet bestuurlijke maatregelen terrorismebestrijding' },
  'passport-alert': { name: 'Passport alert and invalidation', dutchTerm: 'paspoortsignalering (vervallenverklaring reisdocument)', legalBasis: 'Paspoortwet art. 23' },
  'identity-documents': { name: 'Identity documents arranged', dutchTerm: 'identiteitsbewijs regelen' },
  'youth-probation': { name: 'Youth probation', dutchTerm: 'jeugdreclassering' },
  'probation-supervision': { name: 'Probation supervision', dutchTerm: 'reclasseringstoezicht' },
  'liberty-restricting-measure': { name: 'Liberty-restricting measure', dutchTerm: 'vrijheidsbeperkende maatregel', legalBasis: 'Wetboek van Strafrecht art. 38v' },
  'electronic-monitoring': { name: 'Electronic monitoring', dutchTerm: 'elektronische monitoring (enkelband)' },
  'release-planning': { name: 'Resocialisation consultation and release plan', dutchTerm: 'resocialisatieoverleg (MAR) en detentie- en re-integratieplan' },
  'reintegration-housing': { name: 'Housing on release', dutchTerm: 'huisvesting bij re-integratie' },
  'special-assistance': { name: 'Special assistance benefit', dutchTerm: 'bijzondere bijstand', legalBasis: 'Participatiewet' },
  'social-assistance': { name: 'Social assistance benefit', dutchTerm: 'bijstandsuitkering', legalBasis: 'Participatiewet' },
  'debt-counselling': { name: 'Debt counselling', dutchTerm: 'schuldhulpverlening', legalBasis: 'Wet gemeentelijke schuldhulpverlening' },
  'daytime-activity': { name: 'Daytime activity and work pathway', dutchTerm: 'dagbesteding en werktraject' },
  'education-pathway': { name: 'Education pathway', dutchTerm: 'onderwijstraject (leerplicht)', legalBasis: 'Leerplichtwet 1969' },
  'family-supervision-order': { name: 'Family supervision order', dutchTerm: 'ondertoezichtstelling (OTS)', legalBasis: 'Burgerlijk Wetboek 1:255 (at the request of the child protection board)' },
};
