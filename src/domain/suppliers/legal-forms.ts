/**
 * Legal forms of companies across jurisdictions, as data: each entry maps the ways a form is written to one canonical
 * id. normalize.ts folds every written form through the same steps as a name (accents, case, `&` → `and`, dotted
 * letters joined), so "S.p.A.", "S. p. A." and "SpA" all become the key `spa`.
 *
 * Source: the term lists of the `cleanco` Python package (psolin/cleanco, MIT licence, `cleanco/termdata.py`,
 * `terms_by_type` and `terms_by_country`), completed with the spelled-out forms in each language (Aktiengesellschaft,
 * Société Anonyme, Kabushiki Kaisha, …) and the compound forms (GmbH & Co. KG, S.A. de C.V., Co., Ltd.).
 *
 * Left out of cleanco's list on purpose, because the key is also a common word, a country code or a frequent name
 * token and removing it at the end of a name would merge different suppliers: at, et, ok, uk, da, ba, bl, pp, sp, gp,
 * ep, ei, ij, mb, fa, ud, is (i/s), ps (p/s), pc (p.c.), nl, rt, ca (c.a.), sc (s.c.), ss (s.s.), ay, xk, xt, sha
 * (sh.a.), private, and the prefixes AO, CV, SIA (as in "A. O. Smith", "CV Sciences", "Sia Partners").
 */

/** Where a legal form may stand: after the name (the common case), before it ("PT Astra", "OOO Romashka"), or both. */
export type LegalFormPosition = 'suffix' | 'prefix' | 'both';

/** One legal form: its canonical id and the ways it is written. */
export interface LegalForm {
  /** Canonical id, lower case (`gmbh`, `ag`, `inc`, `ltd`, `sa`, `spa`, `bv`, `kk`, …). */
  id: string;
  /** Written forms as they appear in names; normalize.ts folds each to a token key. */
  forms: readonly string[];
  position: LegalFormPosition;
}

const suffix = (id: string, ...forms: string[]): LegalForm => ({ id, forms, position: 'suffix' });
const prefix = (id: string, ...forms: string[]): LegalForm => ({ id, forms, position: 'prefix' });
const both = (id: string, ...forms: string[]): LegalForm => ({ id, forms, position: 'both' });

export const LEGAL_FORMS: readonly LegalForm[] = [
  // English-speaking jurisdictions.
  suffix('inc', 'Inc', 'Inc.', 'Incorporated'),
  suffix('corp', 'Corp', 'Corp.', 'Corporation'),
  suffix('co', 'Co', 'Co.', 'Company', '& Co', '& Co.', 'and Co', 'und Co.', 'u. Co.', '& Company', 'and Company'),
  // French names may open with it ("Compagnie de Saint-Gobain"); only with "de": "Compagnie Générale des
  // Établissements Michelin" keeps its words.
  prefix('co', 'Compagnie de', 'Cie de'),
  suffix('co_kg', '& Co. KG', '& Co KG', 'und Co. KG', 'u. Co. KG'),
  suffix('ltd', 'Ltd', 'Ltd.', 'Limited'),
  suffix('co_ltd', 'Co Ltd', 'Co., Ltd.', 'Co.,Ltd.', 'Company Limited', 'Co Limited'),
  suffix('unltd', 'Unlimited', 'Unltd', 'Ultd'),
  both('llc', 'LLC', 'L.L.C.', 'Limited Liability Company'),
  suffix('pllc', 'PLLC', 'P.L.L.C.'),
  suffix('llp', 'LLP', 'L.L.P.', 'Limited Liability Partnership'),
  suffix('lllp', 'LLLP', 'L.L.L.P.'),
  suffix('lp', 'LP', 'L.P.', 'Limited Partnership'),
  suffix('plc', 'PLC', 'P.L.C.', 'Public Limited Company'),
  suffix('cic', 'CIC', 'Community Interest Company'),
  suffix('pty', 'Pty', 'Pty.'),
  suffix('pty_ltd', 'Pty Ltd', 'Pty. Ltd.', 'Pty Limited', 'Proprietary Limited'),
  suffix('pte', 'Pte', 'Pte.'),
  suffix('pte_ltd', 'Pte Ltd', 'Pte. Ltd.', 'Pte Limited'),
  suffix('pvt', 'Pvt', 'Pvt.'),
  suffix('pvt_ltd', 'Pvt Ltd', 'Pvt. Ltd.', 'Private Limited', 'Pvt Limited', '(P) Ltd', '(P) Limited'),
  // German-speaking jurisdictions.
  suffix('gmbh', 'GmbH', 'G.m.b.H.', 'mbH', 'GesmbH', 'Ges.m.b.H.', 'Gesellschaft mbH', 'Gesellschaft mit beschränkter Haftung'),
  suffix('gmbh_co_kg', 'GmbH & Co. KG', 'GmbH & Co KG', 'GmbH und Co. KG', 'GmbH u. Co. KG', 'GmbH & Cie. KG', 'GmbH Co KG'),
  suffix('gmbh_co_kgaa', 'GmbH & Co. KGaA', 'GmbH & Co KGaA'),
  suffix('ag_co_kg', 'AG & Co. KG', 'AG & Co KG'),
  suffix('ag_co_kgaa', 'AG & Co. KGaA', 'AG & Co KGaA'),
  suffix('se_co_kg', 'SE & Co. KG', 'SE & Co KG'),
  suffix('se_co_kgaa', 'SE & Co. KGaA', 'SE & Co KGaA'),
  suffix('ag', 'AG', 'A.G.', 'Aktiengesellschaft'),
  suffix('se', 'SE', 'S.E.', 'Societas Europaea'),
  suffix('kg', 'KG', 'Kommanditgesellschaft'),
  suffix('kgaa', 'KGaA', 'Kommanditgesellschaft auf Aktien'),
  suffix('ohg', 'OHG', 'oHG', 'Offene Handelsgesellschaft'),
  suffix('ug', 'UG', 'UG (haftungsbeschränkt)', 'Unternehmergesellschaft (haftungsbeschränkt)'),
  suffix('gbr', 'GbR', 'Gesellschaft bürgerlichen Rechts'),
  suffix('ev', 'e.V.', 'eingetragener Verein'),
  suffix('eg', 'eG', 'e.G.', 'eingetragene Genossenschaft'),
  suffix('partg', 'PartG', 'PartG mbB'),
  suffix('og', 'OG'),
  suffix('sagl', 'Sagl'),
  // French-, Spanish-, Italian- and Portuguese-speaking jurisdictions.
  suffix('sa', 'SA', 'S.A.', 'S/A', 'Société Anonyme', 'Sociedad Anónima', 'Sociedade Anônima', 'Sociedade Anónima', 'Spółka Akcyjna'),
  suffix('sas', 'SAS', 'S.A.S.', 'Société par actions simplifiée'),
  suffix('sasu', 'SASU', 'S.A.S.U.'),
  suffix('sarl', 'SARL', 'S.A.R.L.', 'S.à r.l.', 'S. à r.l.', 'S.à.r.l.', 'Société à responsabilité limitée'),
  suffix('eurl', 'EURL'),
  suffix('snc', 'SNC', 'S.N.C.', 'Société en nom collectif'),
  suffix('sca', 'SCA', 'S.C.A.'),
  suffix('scs', 'SCS', 'S.C.S.'),
  suffix('sci', 'SCI'),
  suffix('scop', 'SCOP'),
  suffix('gie', 'GIE'),
  suffix('sicav', 'SICAV'),
  suffix('sl', 'SL', 'S.L.', 'Sociedad Limitada', 'Sociedad de Responsabilidad Limitada'),
  suffix('slu', 'SLU', 'S.L.U.', 'Sociedad Limitada Unipersonal'),
  suffix('sau', 'SAU', 'S.A.U.', 'Sociedad Anónima Unipersonal'),
  suffix('sll', 'SLL', 'S.L.L.'),
  suffix('slne', 'SLNE', 'S.L.N.E.'),
  suffix('scoop', 'S. Coop.', 'S.Coop.'),
  suffix('spa', 'SpA', 'S.p.A.', 'Società per Azioni'),
  suffix('srl', 'SRL', 'S.R.L.', 'S.r.l.', 'Società a responsabilità limitata'),
  suffix('srls', 'SRLS', 'S.r.l.s.'),
  suffix('sapa', 'S.a.p.a.', 'SApA'),
  suffix('scrl', 'S.c.r.l.', 'SCRL'),
  suffix('lda', 'Lda', 'Lda.'),
  suffix('ltda', 'Ltda', 'Ltda.', 'Limitada', 'Sociedade Limitada'),
  suffix('eireli', 'EIRELI'),
  suffix('sgps', 'SGPS'),
  suffix('sa_de_cv', 'S.A. de C.V.', 'SA de CV', 'S.A de C.V', 'Sociedad Anónima de Capital Variable'),
  suffix('sab_de_cv', 'S.A.B. de C.V.', 'SAB de CV', 'Sociedad Anónima Bursátil de Capital Variable'),
  suffix('sapi_de_cv', 'S.A.P.I. de C.V.', 'SAPI de CV', 'Sociedad Anónima Promotora de Inversión de Capital Variable'),
  suffix('s_de_rl', 'S. de R.L.', 'S de RL'),
  suffix('s_de_rl_de_cv', 'S. de R.L. de C.V.', 'S de RL de CV', 'Sociedad de Responsabilidad Limitada de Capital Variable'),
  suffix('sac', 'S.A.C.', 'SAC'),
  suffix('saa', 'S.A.A.'),
  suffix('eirl', 'E.I.R.L.', 'EIRL'),
  // Benelux.
  suffix('bv', 'BV', 'B.V.', 'Besloten Vennootschap'),
  suffix('nv', 'NV', 'N.V.', 'Naamloze Vennootschap'),
  suffix('vof', 'VOF', 'V.O.F.', 'Vennootschap onder Firma'),
  suffix('cv', 'C.V.', 'Commanditaire Vennootschap'),
  suffix('bvba', 'BVBA', 'B.V.B.A.'),
  suffix('sprl', 'SPRL', 'S.P.R.L.'),
  suffix('cvba', 'CVBA', 'C.V.B.A.'),
  suffix('vzw', 'VZW', 'V.Z.W.'),
  suffix('asbl', 'ASBL', 'A.S.B.L.'),
  suffix('commv', 'Comm.V', 'Comm. V.'),
  // Nordic and Baltic jurisdictions.
  suffix('oy', 'Oy', 'Osakeyhtiö'),
  suffix('oyj', 'Oyj', 'Julkinen osakeyhtiö'),
  suffix('ky', 'Ky'),
  suffix('tmi', 'Tmi', 'T:mi'),
  suffix('ab', 'AB', 'Aktiebolag', 'Aktiebolaget'),
  // The definite form leads some Swedish and Danish names ("Aktiebolaget Volvo", "Aktieselskabet Schouw"); the short
  // AB stays a suffix only ("AB Foods" is not "Foods").
  prefix('ab', 'Aktiebolaget'),
  prefix('as', 'Aktieselskabet'),
  suffix('ab_publ', 'AB (publ)'),
  suffix('publ', '(publ)'),
  suffix('hb', 'HB'),
  suffix('kb', 'KB'),
  suffix('as', 'AS', 'A.S.', 'A/S', 'Aksjeselskap', 'Aktieselskab', 'Akciová společnost', 'A.Ş.', 'Anonim Şirketi'),
  suffix('asa', 'ASA', 'Allmennaksjeselskap'),
  suffix('aps', 'ApS', 'Anpartsselskab'),
  suffix('ks', 'K/S', 'K.S.'),
  suffix('amba', 'AmbA', 'A.m.b.A.', 'AMBA'),
  suffix('ehf', 'ehf', 'ehf.'),
  suffix('hf', 'hf', 'hf.'),
  suffix('nuf', 'NUF'),
  suffix('ans', 'ANS'),
  suffix('ou', 'OÜ'),
  both('uab', 'UAB'),
  // Central and Eastern Europe.
  suffix('sp_zoo', 'Sp. z o.o.', 'Sp. z.o.o.', 'Sp.z o.o.', 'Sp.z.o.o.', 'Spółka z ograniczoną odpowiedzialnością'),
  suffix('spj', 'Sp.j.', 'Sp. j.'),
  suffix('spk', 'Sp.k.', 'Sp. k.'),
  suffix('ska', 'S.K.A.', 'SKA'),
  suffix('sro', 's.r.o.', 'spol. s r.o.', 'spol. s.r.o.', 'Společnost s ručením omezeným'),
  suffix('vos', 'v.o.s.'),
  suffix('kft', 'Kft', 'Kft.'),
  suffix('zrt', 'Zrt', 'Zrt.'),
  suffix('nyrt', 'Nyrt', 'Nyrt.'),
  suffix('bt', 'Bt', 'Bt.'),
  suffix('kkt', 'Kkt', 'Kkt.'),
  suffix('doo', 'd.o.o.', 'DOO'),
  suffix('dooel', 'd.o.o.e.l.', 'DOOEL'),
  suffix('dd', 'd.d.'),
  suffix('dno', 'd.n.o.'),
  suffix('kd', 'k.d.'),
  suffix('ad', 'AD', 'A.D.'),
  suffix('ead', 'EAD'),
  suffix('ood', 'OOD'),
  suffix('eood', 'EOOD'),
  suffix('shpk', 'Sh.p.k.'),
  suffix('ae', 'A.E.', 'AE', 'Α.Ε.'),
  suffix('epe', 'E.P.E.', 'EPE'),
  suffix('ike', 'IKE', 'I.K.E.'),
  suffix('ltd_sti', 'Ltd. Şti.', 'Ltd Şti', 'Ltd. Sti.', 'Limited Şirketi'),
  suffix('sti', 'Şti', 'Şti.'),
  // Russia and the CIS: usually written before the name, Latin or Cyrillic.
  both('ooo', 'OOO', 'ООО'),
  both('oao', 'OAO', 'ОАО'),
  both('zao', 'ZAO', 'ЗАО'),
  both('pao', 'PAO', 'ПАО'),
  prefix('ao', 'АО'),
  both('jsc', 'JSC'),
  both('pjsc', 'PJSC'),
  both('ojsc', 'OJSC'),
  both('cjsc', 'CJSC'),
  // Spelled out as English translations write them, before the name or after it.
  both('jsc', 'Joint Stock Company', 'Joint-Stock Company'),
  both('pjsc', 'Public Joint Stock Company', 'Public Joint-Stock Company'),
  both('ojsc', 'Open Joint Stock Company', 'Open Joint-Stock Company'),
  both('cjsc', 'Closed Joint Stock Company', 'Closed Joint-Stock Company'),
  both('tov', 'TOV', 'ТОВ'),
  // Asia, the Middle East and Africa.
  both('kk', 'K.K.', 'KK', 'Kabushiki Kaisha', 'Kabushiki-gaisha', 'Kabushikigaisha'),
  both('gk', 'G.K.', 'Godo Kaisha', 'Godo-gaisha'),
  suffix('yk', 'Y.K.', 'Yugen Kaisha'),
  // Written in their own script: found only when a space separates them from the name.
  both('kk', '株式会社'),
  both('jusik_hoesa', '주식회사', '(주)', '㈜'),
  suffix('youxian_gongsi', '有限公司', '有限責任公司', '有限责任公司'),
  suffix('gufen_youxian_gongsi', '股份有限公司'),
  prefix('pt', 'PT', 'P.T.'),
  suffix('tbk', 'Tbk', 'Tbk.', 'Persero Tbk', '(Persero) Tbk'),
  suffix('persero', '(Persero)'),
  suffix('bhd', 'Bhd', 'Bhd.', 'Berhad'),
  suffix('sdn_bhd', 'Sdn Bhd', 'Sdn. Bhd.', 'Sendirian Berhad'),
  suffix('pcl', 'PCL', 'P.C.L.', 'Public Company Limited'),
  suffix('bm', 'B.M.'),
  suffix('sae', 'S.A.E.', 'SAE'),
  suffix('sal', 'S.A.L.', 'SAL'),
  suffix('saog', 'SAOG'),
  suffix('saoc', 'SAOC'),
  suffix('wll', 'W.L.L.', 'WLL'),
  suffix('fze', 'FZE'),
  suffix('fzco', 'FZCO'),
  suffix('fz_llc', 'FZ-LLC', 'FZ LLC'),
];
