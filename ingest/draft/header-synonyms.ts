/**
 * The header names real exports give our columns, Russian and English: till and ERP exports (1C,
 * Frontol, Atol, Set Retail, Dalion, Supermag), e-commerce and public datasets (UK Online Retail,
 * Dunnhumby The Complete Journey, X5 Retail Hero, Instacart, Olist, Kaggle's Supermarket Sales).
 * `loyalty profile draft` matches an export's header row against them to propose a mapping.
 *
 * Matching, after normalising both sides (normaliseHeader):
 * - a header equal to a synonym scores 1;
 * - a header that contains a synonym as whole words ("Сумма, руб. с НДС" ⊃ "сумма") scores
 *   0.5 + 0.4 × (synonym words / header words), so below 0.9;
 * - generic words (WEAK) match only exactly: "Тип карты" is no card number, "Order status" no order.
 * Per feed, each column's synonyms are ordered: when two headers match one column equally well, the
 * one matching the earlier synonym gets it ("Сумма со скидкой" over "Сумма" for a line's amount).
 *
 * Besides the feeds' own columns, the tables name three that an export has instead of ours:
 * `receipt_date` and `receipt_time` (a date and a time column, combined into receipt_at) and
 * `operation` (Продажа/Возврат, mapped to is_return). See SOURCE_ONLY_COLUMNS.
 */
import { sniffDateTime } from "./sniff-values.js";

export type DraftFeed = "sales-lines" | "receipts" | "receipt-lines" | "customers" | "cards" | "stores" | "products";

/** Columns of the tables that are not warehouse columns: what the profile makes of each. */
export const SOURCE_ONLY_COLUMNS: Record<string, string> = {
  receipt_date: "the date of receipt_at; with receipt_time: { datetime: [date, time] }",
  receipt_time: "the time of day of receipt_at",
  operation: "sale or return: a value map onto is_return (see operationMeaning)",
};

// ---------------------------------------------------------------------------------------------
// Synonyms shared by the receipt feeds

const STORE_ID = [
  "код магазина", "магазин", "номер магазина", "id магазина", "ид магазина", "магазин код", "код точки",
  "точка продаж", "торговая точка", "код торговой точки", "подразделение", "код подразделения", "склад",
  "код склада", "место хранения", "мх", "филиал", "store id", "store", "store code", "store no",
  "store number", "shop id", "shop", "shop code", "branch", "branch id", "location id", "outlet", "outlet id",
];
const RECEIPT_ID = [
  "номер чека", "чек", "номер документа", "документ", "чек ккм", "номер чека ккм", "id чека", "ид чека",
  "код чека", "номер", "номер транзакции", "транзакция", "id транзакции", "номер заказа", "заказ",
  "invoice no", "invoice", "invoice number", "invoice id", "basket id", "basket", "order id", "order",
  "order no", "order number", "transaction id", "transaction", "transaction no", "trans id", "receipt id",
  "receipt", "receipt no", "receipt number", "check id", "check no", "check number", "ticket id", "ticket",
  "bill no", "bill id", "document no", "doc no", "event id", "purchase id", "sale id",
];
const TILL_ID = [
  "касса", "номер кассы", "код кассы", "касса номер", "касса ккм", "ккм", "номер ккм", "кассовый аппарат",
  "рабочее место", "номер рабочего места", "pos", "pos id", "pos no", "pos number", "till", "till id",
  "till no", "till number", "register", "register id", "register no", "cash register", "terminal",
  "terminal id", "checkout", "checkout id", "workstation", "workstation id", "lane",
];
const RECEIPT_AT = [
  "дата и время", "дата время", "время продажи", "дата и время чека", "дата время чека", "дата и время продажи",
  "дата время продажи", "дата и время операции", "дата время операции", "дата и время покупки", "период",
  "datetime", "date time", "date and time", "timestamp", "transaction datetime", "trans datetime",
  "sale datetime", "receipt datetime", "order datetime", "order purchase timestamp", "purchase datetime",
  "invoice datetime", "created at", "event time", "event datetime", "event timestamp",
  "purchased at", "время события", "дата и время события",
];
// "Дата" alone is a date, not a timestamp; values with a time move it to receipt_at (matchHeaders).
const RECEIPT_DATE = [
  "дата", "дата чека", "дата продажи", "дата документа", "дата операции", "дата покупки", "день", "date",
  "day", "invoice date", "order date", "sale date", "sales date", "transaction date", "trans date",
  "transaction dt", "receipt date", "purchase date", "business date",
];
const RECEIPT_TIME = [
  "время", "время чека", "время операции", "время покупки", "время документа", "time", "trans time",
  "transaction time", "sale time", "receipt time", "order time", "purchase time",
];
// In a receipt export the buyer is known by the card; ids of customers and households stand for it.
const CARD_NUMBER = [
  "номер карты", "карта", "дисконтная карта", "карта лояльности", "номер дисконтной карты", "бонусная карта",
  "номер бонусной карты", "карта клиента", "карта покупателя", "код карты", "штрихкод карты",
  "номер карты лояльности", "клиент", "код клиента", "покупатель", "card", "card number", "card no",
  "card id", "loyalty card", "loyalty card number", "loyalty id", "member id", "customer unique id",
  "customer id", "customer", "customer no", "client id", "household key", "household id", "user id",
  "user card", "member card", "карта пользователя",
];
const CASHIER_ID = [
  "кассир", "код кассира", "фио кассира", "кассир код", "табельный номер кассира", "оператор", "продавец",
  "сотрудник", "cashier", "cashier id", "cashier code", "operator", "operator id", "employee",
  "employee id", "staff id", "clerk",
];
const PAYMENT_TYPE = [
  "вид оплаты", "тип оплаты", "оплата", "способ оплаты", "форма оплаты", "вид платежа", "тип платежа",
  "payment", "payment type", "payment method", "pay type", "tender", "tender type", "payment mode",
];
const OPERATION = [
  "тип операции", "вид операции", "операция", "тип документа", "вид документа", "тип чека", "вид чека",
  "признак расчета", "operation", "operation type", "transaction type", "trans type", "type", "doc type",
  "document type", "receipt type", "sale type",
];
const ORIGINAL_RECEIPT_ID = [
  "чек продажи", "основание", "номер чека продажи", "документ основание", "чек основание", "исходный чек",
  "номер исходного чека", "номер чека основания", "original receipt", "original receipt id",
  "original receipt no", "original invoice", "original invoice no", "original transaction",
  "original transaction id", "parent receipt",
];
const IS_RETURN = ["признак возврата", "возврат", "is return", "return", "returned", "return flag", "refund"];
const LINE_NO = [
  "номер позиции", "позиция", "номер строки", "строка", "номер п п", "п п", "номер в чеке", "позиция в чеке",
  "line", "line no", "line number", "line id", "line nbr", "position", "order item id", "add to cart order",
  "seq no",
];
const SKU = [
  "артикул", "код товара", "код", "штрихкод", "шк", "штрих код", "товар код", "код номенклатуры",
  "номенклатура код", "plu", "код plu", "sku", "item", "item id", "item code", "item no", "item number",
  "product id", "product code", "stock code", "article", "article no", "art no", "barcode", "ean", "upc",
  "goods id",
];
const PRODUCT_NAME = [
  "наименование", "товар", "номенклатура", "наименование товара", "название товара", "товар наименование",
  "название", "наименование номенклатуры", "description", "product name", "product", "item name",
  "item description", "product description", "name", "goods name", "title",
];
const QUANTITY = [
  "кол во", "количество", "кол", "количество товара", "qty", "quantity", "product quantity", "units",
  "unit qty",
];
const PRICE = [
  "цена", "цена за ед", "цена продажи", "цена за единицу", "розничная цена", "цена розничная", "цена розн",
  "цена без скидки", "цена со скидкой", "unit price", "price", "sale price", "sales price", "retail price",
  "price each", "price per unit",
];
// A line's amount is after its discount: "Сумма со скидкой" first when both sums are there.
const LINE_AMOUNT = [
  "сумма со скидкой", "сумма", "стоимость", "сумма позиции", "сумма строки", "сумма по строке",
  "сумма продажи", "итого по строке", "сумма с учетом скидки", "сумма после скидки", "sales value",
  "sales amount", "amount", "line total", "line amount", "total", "net amount", "sum", "trn sum from iss",
  "revenue",
];
const LINE_DISCOUNT = [
  "скидка", "сумма скидки", "скидка сумма", "размер скидки", "скидки", "сумма скидок", "retail disc",
  "discount", "discount amount", "disc amount", "discount value", "discount sum", "markdown",
];
const PROMO_ID = [
  "акция", "код акции", "промо", "промоакция", "промо акция", "маркетинговая акция", "id акции",
  "название акции", "promo", "promo id", "promotion", "promotion id", "campaign", "campaign id", "mechanic",
  "promo mechanic", "deal id",
];
const BONUS_EARNED = [
  "начислено бонусов", "начислено баллов", "бонусов начислено", "баллов начислено", "начислено бонусы",
  "начисление бонусов", "начисление баллов", "бонусы начислено", "баллы начислено", "начислено",
  "bonus earned", "bonuses earned", "points earned", "earned points", "points accrued", "bonus accrued",
  "regular points received", "points received",
];
const BONUS_SPENT = [
  "списано бонусов", "списано баллов", "оплачено бонусами", "оплачено баллами", "бонусов списано",
  "баллов списано", "списание бонусов", "списание баллов", "оплата бонусами", "оплата баллами", "списано",
  "bonus spent", "bonuses spent", "points spent", "points redeemed", "redeemed points", "bonus redeemed",
  "regular points spent", "paid with points",
];
const RECEIPT_TOTAL = [
  "сумма чека", "сумма", "итого", "итог", "сумма покупки", "сумма к оплате", "сумма оплаты",
  "сумма со скидкой", "сумма документа", "итого по чеку", "total", "receipt total", "total amount",
  "amount", "sum", "purchase sum", "invoice total", "order total", "check total", "payment value",
  "sales value",
];
const RECEIPT_DISCOUNT = [
  "скидка", "сумма скидки", "скидка по чеку", "скидка сумма", "размер скидки", "сумма скидок", "скидки",
  "discount", "discount amount", "total discount", "retail disc",
];

const RECEIPT_HEADER = {
  store_id: STORE_ID,
  receipt_id: RECEIPT_ID,
  till_id: TILL_ID,
  receipt_at: RECEIPT_AT,
  receipt_date: RECEIPT_DATE,
  receipt_time: RECEIPT_TIME,
  card_number: CARD_NUMBER,
  cashier_id: CASHIER_ID,
  payment_type: PAYMENT_TYPE,
  operation: OPERATION,
  original_receipt_id: ORIGINAL_RECEIPT_ID,
};

const LINE = {
  line_no: LINE_NO,
  sku: SKU,
  product_name: PRODUCT_NAME,
  quantity: QUANTITY,
  price: PRICE,
  amount: LINE_AMOUNT,
  discount: LINE_DISCOUNT,
  promo_id: PROMO_ID,
  bonus_earned: BONUS_EARNED,
  bonus_spent: BONUS_SPENT,
};

// ---------------------------------------------------------------------------------------------
// The tables, per feed

export const SYNONYMS: Record<DraftFeed, Record<string, readonly string[]>> = {
  "sales-lines": { ...RECEIPT_HEADER, ...LINE, is_return: IS_RETURN },
  receipts: {
    ...RECEIPT_HEADER,
    total: RECEIPT_TOTAL,
    discount: RECEIPT_DISCOUNT,
    bonus_earned: BONUS_EARNED,
    bonus_spent: BONUS_SPENT,
    is_return: IS_RETURN,
  },
  "receipt-lines": { store_id: STORE_ID, receipt_id: RECEIPT_ID, ...LINE, operation: OPERATION, is_return: IS_RETURN },
  customers: {
    customer_id: [
      "код клиента", "id клиента", "ид клиента", "идентификатор клиента", "номер клиента", "клиент",
      "код покупателя", "id покупателя", "покупатель", "код", "id", "customer id", "customer", "customer no",
      "customer number", "client id", "client", "user id", "member id", "household key", "household id",
    ],
    first_name: ["имя", "first name", "firstname", "given name"],
    last_name: ["фамилия", "last name", "lastname", "surname", "family name"],
    gender: ["пол", "gender", "sex"],
    birth_date: ["дата рождения", "день рождения", "др", "birth date", "birthday", "date of birth", "dob", "birthdate"],
    city: ["город", "населенный пункт", "город проживания", "city", "town", "customer city"],
    phone: [
      "телефон", "мобильный телефон", "номер телефона", "телефон мобильный", "моб телефон", "мобильный", "сотовый",
      "phone", "phone number", "mobile", "mobile phone", "msisdn", "tel", "telephone", "cell", "cell phone",
    ],
    email: ["email", "e mail", "электронная почта", "эл почта", "почта", "адрес электронной почты", "mail", "email address"],
    consent_sms: [
      "согласие на смс", "согласие смс", "смс", "подписка смс", "подписка на смс", "согласие на sms", "sms",
      "sms consent", "consent sms", "sms opt in", "sms subscription", "allow sms",
    ],
    consent_email: [
      "согласие на email", "согласие email", "согласие на e mail", "подписка email", "подписка на email",
      "согласие на рассылку", "подписка на рассылку", "рассылка", "email consent", "consent email",
      "email opt in", "email subscription", "allow email", "newsletter",
    ],
    consent_push: ["согласие на push", "согласие push", "согласие на пуш", "push", "пуш", "push уведомления", "push consent", "consent push", "push opt in", "allow push"],
    consent_messenger: [
      "согласие на мессенджеры", "согласие мессенджер", "мессенджеры", "мессенджер", "viber", "whatsapp",
      "telegram", "messenger", "messenger consent", "consent messenger", "allow messenger",
    ],
    children: ["дети", "количество детей", "кол во детей", "наличие детей", "children", "number of children", "kids", "kid category desc"],
    has_car: ["автомобиль", "наличие автомобиля", "есть автомобиль", "есть машина", "авто", "has car", "car owner", "car"],
    pets: ["питомцы", "домашние животные", "животные", "домашние питомцы", "pets", "pet", "pet type"],
    tier: [
      "уровень", "уровень программы", "уровень лояльности", "статус", "статус клиента", "статус в программе",
      "категория клиента", "tier", "loyalty tier", "level", "loyalty level", "status",
    ],
    registered_at: [
      "дата регистрации", "дата анкеты", "дата заполнения анкеты", "дата создания", "зарегистрирован",
      "дата вступления", "registered at", "registration date", "created at", "created", "signup date",
      "join date", "date joined", "first issue date", "registered",
    ],
    registration_channel: [
      "канал регистрации", "источник регистрации", "способ регистрации", "источник", "канал",
      "registration channel", "registration source", "signup channel", "channel", "source",
    ],
    home_store_id: [
      "магазин регистрации", "домашний магазин", "любимый магазин", "основной магазин", "магазин", "код магазина",
      "home store", "home store id", "registration store", "preferred store", "favourite store",
      "favorite store", "store id", "store",
    ],
  },
  cards: {
    card_number: [
      "номер карты", "карта", "код карты", "штрихкод карты", "штрихкод", "шк", "номер", "card number", "card",
      "card no", "card id", "card code", "barcode",
    ],
    customer_id: [
      "код клиента", "клиент", "id клиента", "ид клиента", "владелец", "держатель", "владелец карты",
      "держатель карты", "покупатель", "код покупателя", "customer id", "customer", "client id", "client",
      "holder", "owner", "cardholder", "member id", "household key", "user id",
    ],
    issued_at: [
      "дата выдачи", "дата активации", "дата выпуска", "выдана", "дата регистрации", "дата", "issued at",
      "issue date", "issued", "activation date", "activated at", "date issued", "first issue date", "created at",
    ],
    channel: ["канал", "канал выдачи", "канал регистрации", "источник", "channel", "issue channel", "source"],
    status: ["статус", "статус карты", "состояние", "status", "card status", "state"],
    tier: ["уровень", "уровень карты", "тип карты", "вид карты", "категория карты", "tier", "level", "card level", "card type"],
    store_id: ["магазин", "магазин выдачи", "код магазина", "точка выдачи", "магазин регистрации", "store id", "store", "store code", "issue store"],
  },
  stores: {
    store_id: [
      "код магазина", "код", "номер магазина", "id магазина", "ид магазина", "магазин код", "код точки",
      "код подразделения", "id", "store id", "store code", "store no", "store number", "shop id",
      "location id", "branch id",
    ],
    name: [
      "наименование", "название", "магазин", "название магазина", "наименование магазина", "name",
      "store name", "shop name", "store", "location name", "branch name",
    ],
    city: ["город", "населенный пункт", "city", "town"],
    region: ["регион", "область", "субъект", "субъект рф", "округ", "region", "state", "area", "province"],
    format: ["формат", "формат магазина", "тип магазина", "format", "store format", "store type", "type"],
    opened_on: ["дата открытия", "открыт", "открытие", "opened on", "open date", "opening date", "opened", "date opened"],
    closed_on: ["дата закрытия", "закрыт", "закрытие", "closed on", "close date", "closing date", "closed", "date closed"],
  },
  products: {
    sku: [
      "артикул", "код товара", "код", "штрихкод", "шк", "штрих код", "код номенклатуры", "plu", "sku",
      "product id", "item id", "item code", "item no", "stock code", "product code", "barcode", "ean",
      "article", "upc", "id",
    ],
    name: [
      "наименование", "товар", "номенклатура", "название", "наименование товара", "название товара", "name",
      "product name", "description", "item name", "title", "product",
    ],
    // Dunnhumby: DEPARTMENT > COMMODITY_DESC > SUB_COMMODITY_DESC; the two lower levels are taken.
    category: [
      "категория", "группа", "товарная группа", "группа товаров", "категория товара", "раздел", "отдел",
      "category", "product category", "category name", "product category name", "commodity desc",
      "department", "product line", "level 1",
    ],
    subcategory: [
      "подкатегория", "подгруппа", "субкатегория", "подгруппа товаров", "subcategory", "sub category",
      "sub commodity desc", "aisle", "level 2",
    ],
    brand: ["бренд", "торговая марка", "марка", "тм", "brand", "brand name", "производитель", "manufacturer"],
    margin_class: ["класс маржинальности", "маржинальность", "группа маржинальности", "класс маржи", "margin class", "margin group", "margin"],
    price: [
      "цена", "розничная цена", "цена продажи", "базовая цена", "цена розничная", "price", "retail price",
      "unit price", "list price", "current price", "regular price",
    ],
  },
};

export const DRAFT_FEEDS = Object.keys(SYNONYMS) as DraftFeed[];

export function isDraftFeed(feed: string): feed is DraftFeed {
  return Object.hasOwn(SYNONYMS, feed);
}

// ---------------------------------------------------------------------------------------------
// Normalising

/** Units and currencies dropped from headers ("Сумма, руб." → "сумма"). */
const UNITS = new Set(["руб", "рублей", "рубли", "рубль", "р", "коп", "rub", "rur", "usd", "eur", "шт", "кг", "kg", "pcs"]);

/**
 * Lower case, ё → е, camelCase split (InvoiceNo → invoice no), № and # → номер (Cyrillic headers)
 * or no, a Latin N standing for № in a Cyrillic header ("N чека") → номер, punctuation, underscores,
 * dashes and dots → one space, units dropped.
 */
export function normaliseHeader(header: string): string {
  const cyrillic = /[а-яё]/i.test(header);
  const words = header
    .replace(/^\uFEFF/, "")
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[№#]/g, cyrillic ? " номер " : " no ")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "")
    .map((w) => (cyrillic && (w === "n" || w === "nn") ? "номер" : w));
  const kept = words.filter((w) => !UNITS.has(w));
  return (kept.length > 0 ? kept : words).join(" ");
}

// ---------------------------------------------------------------------------------------------
// Matching

/**
 * Words that name an entity or a generic attribute: as a whole header they are clear ("Код", "Чек"),
 * inside a longer one they usually mean something else ("Тип карты", "Order status", "Store city").
 * A synonym made of these words only matches exactly.
 */
const WEAK = new Set([
  "код", "номер", "id", "ид", "no", "n", "number", "num", "key", "code", "type", "тип", "вид", "name",
  "название", "наименование", "item", "product", "товар", "дата", "date", "время", "time", "день", "day",
  "sum", "total", "value", "amount", "order", "invoice", "basket", "transaction", "receipt", "ticket",
  "check", "чек", "документ", "заказ", "транзакция", "клиент", "покупатель", "customer", "client", "user",
  "card", "карта", "store", "shop", "магазин", "location", "branch", "outlet", "склад", "status", "статус",
  "level", "уровень", "channel", "канал", "source", "источник", "format", "формат", "state", "line",
  "строка", "position", "позиция", "return", "возврат", "operation", "операция", "payment", "оплата",
  "created", "registered", "opened", "closed", "mail", "почта", "tel", "cell", "car", "авто", "push", "sms",
  "смс", "пуш", "area", "region", "group", "группа", "department", "отдел", "раздел", "title", "units",
  "period", "период", "основание", "tender", "register", "terminal",
]);

/**
 * Words that turn a header into something else than any synonym it contains: a tax, a cost, a sum
 * before the discount, a percentage. They only veto containment; an exact synonym still matches.
 */
const VETO = ["сумма ндс", "ндс сумма", "ставка", "rate", "vat", "tax", "без скидки", "без скидок",
  "без учета скидки", "до скидки", "before discount", "gross", "закупочная", "закупки", "себестоимость",
  "cost", "cogs", "процент", "percent", "pct"].map((v) => v.split(" "));

interface Synonym {
  column: string;
  words: string[];
  compact: string;
  /** Position in the column's list: lower wins a tie. */
  rank: number;
  exactOnly: boolean;
}

const prepared = new Map<DraftFeed, Synonym[]>();

function synonymsOf(feed: DraftFeed): Synonym[] {
  let list = prepared.get(feed);
  if (!list) {
    list = Object.entries(SYNONYMS[feed]).flatMap(([column, names]) =>
      names.map((name, rank) => {
        const words = normaliseHeader(name).split(" ");
        return { column, words, compact: words.join(""), rank, exactOnly: words.every((w) => WEAK.has(w)) };
      }),
    );
    prepared.set(feed, list);
  }
  return list;
}

const containsRun = (words: string[], run: string[]) =>
  words.some((_, i) => run.every((w, j) => words[i + j] === w));

/** How well one synonym names a normalised header: 1 exact, below 0.9 contained, 0 not at all. */
function score(header: string[], vetoed: boolean, s: Synonym): number {
  if (header.join("") === s.compact) return 1; // also "НомерЧека", "storeid", "e-mail"
  if (s.exactOnly || vetoed || !containsRun(header, s.words)) return 0;
  return Math.round((0.5 + (0.4 * s.words.length) / header.length) * 100) / 100;
}

interface Candidate {
  column: string;
  score: number;
  rank: number;
}

/** The best synonym of every column that names the header at all, best first. */
function candidates(header: string, feed: DraftFeed): Candidate[] {
  const words = normaliseHeader(header).split(" ").filter((w) => w !== "");
  if (words.length === 0) return [];
  const vetoed = VETO.some((v) => containsRun(words, v));
  const best = new Map<string, Candidate>();
  for (const s of synonymsOf(feed)) {
    const value = score(words, vetoed, s);
    const held = best.get(s.column);
    if (value > 0 && (!held || value > held.score)) best.set(s.column, { column: s.column, score: value, rank: s.rank });
  }
  return [...best.values()].sort(byStrength);
}

const byStrength = (a: Candidate, b: Candidate) => b.score - a.score || a.rank - b.rank;

/** The column of `feed` one header names best; undefined when none, or when the feed has no table here. */
export function matchHeader(header: string, feed: string): { column: string; score: number } | undefined {
  if (!isDraftFeed(feed)) return undefined;
  const [best] = candidates(header, feed);
  return best && { column: best.column, score: best.score };
}

export interface HeaderMatch {
  /** Position of the header in the header row. */
  index: number;
  header: string;
  column: string;
  score: number;
}

// A date column whose values have a time is receipt_at, and the other way round.
const DATE_PARTS: Record<string, string> = { datetime: "receipt_at", date: "receipt_date", time: "receipt_time" };

/**
 * Assigns columns to headers, strongest matches first, each column and each header at most once.
 * `values` (sample values per header, same order) correct the date columns: "InvoiceDate" whose
 * values carry a time becomes receipt_at, "Дата и время" with dates only receipt_date.
 */
export function assignHeaders(headers: readonly string[], feed: string, values?: readonly (readonly string[] | undefined)[]): HeaderMatch[] {
  if (!isDraftFeed(feed)) return [];
  const hasParts = "receipt_at" in SYNONYMS[feed] && "receipt_date" in SYNONYMS[feed];
  const all = headers.flatMap((header, index) => {
    const kind = hasParts && values?.[index] ? sniffDateTime(values[index])?.kind : undefined;
    return candidates(header, feed).map((c) => {
      const dated = kind && Object.values(DATE_PARTS).includes(c.column) ? DATE_PARTS[kind] : c.column;
      return { ...c, column: dated, index, header };
    });
  });
  all.sort((a, b) => byStrength(a, b) || a.index - b.index);
  const taken = new Set<string>();
  const done = new Set<number>();
  const matches: HeaderMatch[] = [];
  for (const c of all) {
    if (taken.has(c.column) || done.has(c.index)) continue;
    taken.add(c.column);
    done.add(c.index);
    matches.push({ index: c.index, header: c.header, column: c.column, score: c.score });
  }
  return matches.sort((a, b) => a.index - b.index);
}

/** Header position → column, for the headers that name one (see assignHeaders). */
export function matchHeaders(headers: readonly string[], feed: string, values?: readonly (readonly string[] | undefined)[]): Map<number, string> {
  return new Map(assignHeaders(headers, feed, values).map((m) => [m.index, m.column]));
}

export interface FeedSuggestion {
  feed: DraftFeed;
  /** Headers that name a column of the feed. */
  matched: number;
  /** Sum of their scores. */
  score: number;
}

/**
 * The feeds the header row fits, best first: most matched headers; on a tie the feed with fewer
 * columns (a receipt export matches the line-level feed's receipt columns just as well), then the
 * higher score. Feeds matching no header are left out.
 */
export function suggestFeed(headers: readonly string[], values?: readonly (readonly string[] | undefined)[]): FeedSuggestion[] {
  const width = (feed: DraftFeed) => Object.keys(SYNONYMS[feed]).length;
  return DRAFT_FEEDS.map((feed) => {
    const matches = assignHeaders(headers, feed, values);
    const score = Math.round(matches.reduce((sum, m) => sum + m.score, 0) * 100) / 100;
    return { feed, matched: matches.length, score };
  })
    .filter((s) => s.matched > 0)
    .sort((a, b) => b.matched - a.matched || width(a.feed) - width(b.feed) || b.score - a.score);
}
