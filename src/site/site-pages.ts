/**
 * The report site's pages, in the order of the management loop: declared once, read by the
 * Framework config (the sidebar), the site build and the tests. `path` is the page's file under
 * notebooks/ without `.md`; `charts: false` marks a page of text and tables only.
 */
export const SITE_PAGES = [
  { path: "index", title: "Обзор" },
  { path: "revenue-change", title: "Почему изменилась выручка?" },
  { path: "customers", title: "Покупатели: RFM и CVM" },
  { path: "cohorts", title: "Когорты и отток" },
  { path: "diagnosis", title: "Диагноз месяца" },
  { path: "programme", title: "Программа и магазины" },
  { path: "stores", title: "Магазины и персонал" },
  { path: "assortment", title: "Ассортимент" },
  { path: "bonuses", title: "Бонусы, купоны, механики" },
  { path: "segments", title: "Сегменты: кому и что отправить" },
  { path: "campaigns", title: "Кампании: сработало ли?" },
  { path: "payback", title: "Окупаемость программы" },
  { path: "lifetime-value", title: "Пожизненная ценность (CLV)" },
  { path: "data-quality", title: "Качество данных" },
  { path: "glossary", title: "Как считаются показатели", charts: false },
] as const satisfies readonly { path: string; title: string; charts?: false }[];

export type SitePage = (typeof SITE_PAGES)[number]["path"];
