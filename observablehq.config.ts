/**
 * Observable Framework configuration of the report site. Built offline: no Google Fonts stylesheet,
 * no search index, and every library is imported from node_modules by bare specifier in the pages.
 * `LOYALTY_SITE_OUT` redirects the output folder (the site test builds into a temporary one).
 */
export default {
  root: "notebooks",
  output: process.env.LOYALTY_SITE_OUT || "dist",
  title: "Программа лояльности",
  style: "site.css",
  globalStylesheets: [],
  search: false,
  // no favicon request (the browser test fails on any 404)
  head: '<link rel="icon" href="data:,">',
  footer: "loyalty-warehouse · данные из опубликованного снимка витрин (агрегаты, без персональных данных)",
  pages: [
    { name: "Почему изменилась выручка?", path: "/revenue-change" },
    { name: "Покупатели: RFM и CVM", path: "/customers" },
    { name: "Когорты и отток", path: "/cohorts" },
    { name: "Программа и магазины", path: "/programme" },
    { name: "Бонусы, купоны, механики", path: "/bonuses" },
    { name: "Сегменты: кому и что отправить", path: "/segments" },
    { name: "Кампании: сработало ли?", path: "/campaigns" },
    { name: "Пожизненная ценность (CLV)", path: "/lifetime-value" },
    { name: "Качество данных", path: "/data-quality" },
  ],
};
