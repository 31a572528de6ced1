import { describe, expect, it } from "vitest";
import { FEEDS } from "../../src/db/schema.js";
import {
  assignHeaders,
  DRAFT_FEEDS,
  matchHeader,
  matchHeaders,
  normaliseHeader,
  SOURCE_ONLY_COLUMNS,
  suggestFeed,
  SYNONYMS,
} from "./header-synonyms.js";

/** Header position → column, as a plain object keyed by the header for readable failures. */
function mapped(headers: string[], feed: string, values?: (string[] | undefined)[]): Record<string, string> {
  const m = matchHeaders(headers, feed, values);
  return Object.fromEntries([...m].map(([i, column]) => [headers[i], column]));
}

describe("normalising a header", () => {
  it.each([
    ["Сумма, руб.", "сумма"],
    ["Сумма (руб)", "сумма"],
    ["Сумма, руб. с НДС", "сумма с ндс"],
    ["Скидка, %", "скидка"],
    ["№ чека", "номер чека"],
    ["N чека", "номер чека"],
    ["Order #", "order no"],
    ["Кол-во, шт.", "кол во"],
    ["Дата/время", "дата время"],
    ["  ЁМКОСТЬ  ", "емкость"],
    ["InvoiceNo", "invoice no"],
    ["CustomerID", "customer id"],
    ["STORE_ID", "store id"],
    ["household_key", "household key"],
    ["\uFEFFMagazin", "magazin"],
    ["руб.", "руб"],
  ])("%j → %j", (header, normalised) => {
    expect(normaliseHeader(header)).toBe(normalised);
  });
});

describe("the header names of a line-level export (sales-lines)", () => {
  const examples: Record<string, string[]> = {
    store_id: ["Магазин", "Код магазина", "Точка продаж", "Подразделение", "Store", "STORE_ID", "shop"],
    receipt_id: ["Номер чека", "№ чека", "Чек", "Номер документа", "InvoiceNo", "Invoice", "basket_id", "BASKET_ID", "order_id", "transaction_id"],
    till_id: ["Касса", "Номер кассы", "№ кассы", "POS", "Till", "register"],
    receipt_at: ["Дата и время", "Дата/время", "Время продажи", "transaction_datetime"],
    receipt_date: ["Дата", "Дата чека", "Дата продажи", "InvoiceDate", "DAY", "date"],
    receipt_time: ["Время", "Время чека", "TRANS_TIME", "time"],
    card_number: ["Номер карты", "Карта", "Дисконтная карта", "Карта лояльности", "CustomerID", "Customer ID", "household_key", "household_id", "card", "client_id"],
    cashier_id: ["Кассир", "Код кассира", "cashier"],
    payment_type: ["Вид оплаты", "Тип оплаты", "Оплата", "payment"],
    operation: ["Тип операции", "Вид операции", "Операция", "Тип документа", "operation", "transaction type"],
    original_receipt_id: ["Чек продажи", "Основание", "Номер чека продажи", "original receipt"],
    line_no: ["Номер позиции", "№ позиции", "Позиция", "Строка", "line", "line_no", "№ п/п"],
    sku: ["Артикул", "Код товара", "Код", "Штрихкод", "Штрих-код", "ШК", "Товар код", "StockCode", "PRODUCT_ID", "sku", "item"],
    product_name: ["Наименование", "Товар", "Номенклатура", "Description", "product name"],
    quantity: ["Кол-во", "Количество", "Quantity", "QUANTITY", "qty", "Кол-во, шт."],
    price: ["Цена", "Цена за ед.", "Цена продажи", "UnitPrice", "price", "Price"],
    amount: ["Сумма", "Стоимость", "Сумма со скидкой", "Сумма позиции", "SALES_VALUE", "sales_value", "amount", "line total", "Сумма, руб."],
    discount: ["Скидка", "Сумма скидки", "RETAIL_DISC", "discount", "Скидка, руб."],
    promo_id: ["Акция", "Код акции", "Промо", "promo", "mechanic"],
    bonus_earned: ["Начислено бонусов", "Начислено баллов"],
    bonus_spent: ["Списано бонусов", "Списано баллов", "Оплачено бонусами"],
  };
  for (const [column, headers] of Object.entries(examples)) {
    it.each(headers)(`%j → ${column}`, (header) => {
      expect(matchHeader(header, "sales-lines")).toEqual({ column, score: 1 });
    });
  }
});

describe("the header names of a receipt export (receipts)", () => {
  it.each(["Сумма", "Сумма чека", "Итого", "Total", "amount", "purchase_sum"])("%j → total", (header) => {
    expect(matchHeader(header, "receipts")).toEqual({ column: "total", score: 1 });
  });

  it.each([
    ["Номер чека", "receipt_id"],
    ["Дата", "receipt_date"],
    ["Скидка", "discount"],
    ["Начислено баллов", "bonus_earned"],
    ["Оплачено бонусами", "bonus_spent"],
    ["Вид операции", "operation"],
    ["Признак возврата", "is_return"],
  ])("%j → %s", (header, column) => {
    expect(matchHeader(header, "receipts")).toEqual({ column, score: 1 });
  });
});

describe("scores", () => {
  it("scores a synonym inside a longer header below an exact one: 0.5 + 0.4 × its share of the words", () => {
    expect(matchHeader("Сумма, руб. с НДС", "sales-lines")).toEqual({ column: "amount", score: 0.63 });
    expect(matchHeader("Сумма, руб. с НДС", "receipts")).toEqual({ column: "total", score: 0.63 });
    expect(matchHeader("Номер карты клиента", "sales-lines")).toEqual({ column: "card_number", score: 0.77 });
  });

  it("takes the exact synonym over a contained one", () => {
    expect(matchHeader("Сумма скидки", "sales-lines")).toEqual({ column: "discount", score: 1 });
    expect(matchHeader("Номер чека продажи", "sales-lines")).toEqual({ column: "original_receipt_id", score: 1 });
    expect(matchHeader("Дата и время", "sales-lines")).toEqual({ column: "receipt_at", score: 1 });
  });

  it("does not read generic words inside longer headers, nor taxes, costs and sums before the discount", () => {
    expect(matchHeader("Тип карты", "sales-lines")).toBeUndefined();
    expect(matchHeader("Order status", "sales-lines")).toBeUndefined();
    expect(matchHeader("Сумма НДС", "sales-lines")).toBeUndefined();
    expect(matchHeader("Сумма без скидки", "sales-lines")).toBeUndefined();
    expect(matchHeader("Цена закупки", "sales-lines")).toBeUndefined();
    expect(matchHeader("Country", "sales-lines")).toBeUndefined();
    expect(matchHeader("WEEK_NO", "sales-lines")).toBeUndefined();
  });

  it("finds no feed in a data row", () => {
    expect(suggestFeed(["S1", "000118", "05.10.2026 09:12", "2 450,00"])).toEqual([]);
  });

  it("knows nothing of feeds without a table here", () => {
    expect(matchHeader("Номер карты", "bonus-ledger")).toBeUndefined();
    expect(matchHeaders(["Номер карты"], "no-such-feed")).toEqual(new Map());
  });
});

describe("a Russian till export, line by line", () => {
  const headers = "Магазин;Касса;Номер чека;Дата;Время;Номер карты;Артикул;Наименование;Кол-во;Цена;Сумма;Скидка;Тип операции".split(";");

  it("is suggested as sales-lines", () => {
    expect(suggestFeed(headers)[0]).toEqual({ feed: "sales-lines", matched: 13, score: 13 });
    expect(suggestFeed(headers).map((s) => s.feed).slice(0, 3)).toEqual(["sales-lines", "receipt-lines", "receipts"]);
  });

  it("maps every column", () => {
    expect(mapped(headers, "sales-lines")).toEqual({
      Магазин: "store_id",
      Касса: "till_id",
      "Номер чека": "receipt_id",
      Дата: "receipt_date",
      Время: "receipt_time",
      "Номер карты": "card_number",
      Артикул: "sku",
      Наименование: "product_name",
      "Кол-во": "quantity",
      Цена: "price",
      Сумма: "amount",
      Скидка: "discount",
      "Тип операции": "operation",
    });
  });

  it("keeps Дата a date and Время a time when their values say so", () => {
    const values = headers.map((h) => (h === "Дата" ? ["05.10.2026", "06.10.2026"] : h === "Время" ? ["09:12", "18:40:05"] : undefined));
    expect(mapped(headers, "sales-lines", values)).toMatchObject({ Дата: "receipt_date", Время: "receipt_time" });
  });
});

describe("the UK Online Retail dataset", () => {
  const headers = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country".split(",");
  const values = headers.map((h) => (h === "InvoiceDate" ? ["12/1/2010 8:26", "12/1/2010 8:28", "12/2/2010 9:01"] : undefined));

  it("is suggested as sales-lines", () => {
    expect(suggestFeed(headers, values)[0]).toEqual({ feed: "sales-lines", matched: 7, score: 7 });
  });

  it("maps InvoiceDate, whose values carry a time, to receipt_at, and leaves Country unmapped", () => {
    expect(mapped(headers, "sales-lines", values)).toEqual({
      InvoiceNo: "receipt_id",
      StockCode: "sku",
      Description: "product_name",
      Quantity: "quantity",
      InvoiceDate: "receipt_at",
      UnitPrice: "price",
      CustomerID: "card_number",
    });
  });

  it("maps InvoiceDate to receipt_date when no values are given", () => {
    expect(matchHeaders(headers, "sales-lines").get(4)).toBe("receipt_date");
  });
});

describe("Dunnhumby The Complete Journey, transaction_data.csv", () => {
  const headers =
    "household_key,BASKET_ID,DAY,PRODUCT_ID,QUANTITY,SALES_VALUE,STORE_ID,RETAIL_DISC,TRANS_TIME,WEEK_NO,COUPON_DISC,COUPON_MATCH_DISC".split(",");
  // DAY is a day number (1…711), no date: it stays receipt_date for the user to resolve.
  const values = headers.map((h) => (h === "DAY" ? ["1", "1", "2"] : h === "TRANS_TIME" ? ["1631", "1642", "0931"] : undefined));

  it("is suggested as sales-lines", () => {
    expect(suggestFeed(headers, values)[0]).toEqual({ feed: "sales-lines", matched: 9, score: 9 });
  });

  it("maps the line, the basket and the household; the week and coupon columns stay unmapped", () => {
    expect(mapped(headers, "sales-lines", values)).toEqual({
      household_key: "card_number",
      BASKET_ID: "receipt_id",
      DAY: "receipt_date",
      PRODUCT_ID: "sku",
      QUANTITY: "quantity",
      SALES_VALUE: "amount",
      STORE_ID: "store_id",
      RETAIL_DISC: "discount",
      TRANS_TIME: "receipt_time",
    });
  });
});

describe("a single-store receipt export (test/fixtures/foreign-pos)", () => {
  const headers = "Дата продажи;№ чека;Касса;Дисконтная карта;Сумма, руб.;Скидка, руб.;Начислено баллов;Списано баллов;Вид оплаты;Чек продажи".split(";");
  const values = headers.map((h) => (h === "Дата продажи" ? ["05/10/2026 09:12", "05/10/2026 09:40", "05/10/2026 10:05"] : undefined));

  it("is suggested as receipts: as many matches as sales-lines, with fewer columns", () => {
    expect(suggestFeed(headers, values).slice(0, 2)).toEqual([
      { feed: "receipts", matched: 10, score: 10 },
      { feed: "sales-lines", matched: 10, score: 10 },
    ]);
  });

  it("maps like the hand-written profile pos-receipts.profile.yaml", () => {
    expect(mapped(headers, "receipts", values)).toEqual({
      "Дата продажи": "receipt_at",
      "№ чека": "receipt_id",
      Касса: "till_id",
      "Дисконтная карта": "card_number",
      "Сумма, руб.": "total",
      "Скидка, руб.": "discount",
      "Начислено баллов": "bonus_earned",
      "Списано баллов": "bonus_spent",
      "Вид оплаты": "payment_type",
      "Чек продажи": "original_receipt_id",
    });
  });
});

describe("assigning columns", () => {
  it("gives each column to one header only, the strongest match first, then the earlier synonym", () => {
    expect(assignHeaders(["Сумма", "Сумма со скидкой", "Сумма, руб. с НДС"], "sales-lines")).toEqual([
      { index: 1, header: "Сумма со скидкой", column: "amount", score: 1 },
    ]);
    expect(assignHeaders(["Артикул", "Штрихкод"], "sales-lines")).toEqual([{ index: 0, header: "Артикул", column: "sku", score: 1 }]);
  });

  it("lets a header fall back to its next column when its best one is taken", () => {
    expect(mapped(["Номер чека продажи", "Чек продажи"], "sales-lines")).toEqual({
      "Чек продажи": "original_receipt_id",
      "Номер чека продажи": "receipt_id",
    });
  });

  it("moves a date-and-time header with dates only to receipt_date", () => {
    expect(mapped(["Дата и время"], "receipts", [["05.10.2026", "06.10.2026"]])).toEqual({ "Дата и время": "receipt_date" });
  });
});

describe("the other feeds", () => {
  it("maps a customer export", () => {
    const headers = "Код клиента;Фамилия;Имя;Отчество;Пол;Дата рождения;Город;Телефон;E-mail;Согласие на SMS;Согласие на email;Пуш;Дата регистрации;Канал регистрации;Магазин регистрации;Уровень;Дети;Автомобиль;Питомцы".split(";");
    expect(suggestFeed(headers)[0]).toEqual({ feed: "customers", matched: 18, score: 18 });
    expect(mapped(headers, "customers")).toEqual({
      "Код клиента": "customer_id",
      Фамилия: "last_name",
      Имя: "first_name",
      Пол: "gender",
      "Дата рождения": "birth_date",
      Город: "city",
      Телефон: "phone",
      "E-mail": "email",
      "Согласие на SMS": "consent_sms",
      "Согласие на email": "consent_email",
      Пуш: "consent_push",
      "Дата регистрации": "registered_at",
      "Канал регистрации": "registration_channel",
      "Магазин регистрации": "home_store_id",
      Уровень: "tier",
      Дети: "children",
      Автомобиль: "has_car",
      Питомцы: "pets",
    });
  });

  it("maps a card export", () => {
    const headers = ["Номер карты", "Код клиента", "Дата выдачи", "Статус", "Уровень", "Магазин выдачи", "Канал"];
    expect(suggestFeed(headers)[0]).toEqual({ feed: "cards", matched: 7, score: 7 });
    expect(mapped(headers, "cards")).toEqual({
      "Номер карты": "card_number",
      "Код клиента": "customer_id",
      "Дата выдачи": "issued_at",
      Статус: "status",
      Уровень: "tier",
      "Магазин выдачи": "store_id",
      Канал: "channel",
    });
  });

  it("maps a store list", () => {
    const headers = ["Код магазина", "Наименование", "Город", "Регион", "Формат", "Дата открытия", "Дата закрытия"];
    expect(suggestFeed(headers)[0]).toEqual({ feed: "stores", matched: 7, score: 7 });
    expect(mapped(headers, "stores")).toEqual({
      "Код магазина": "store_id",
      Наименование: "name",
      Город: "city",
      Регион: "region",
      Формат: "format",
      "Дата открытия": "opened_on",
      "Дата закрытия": "closed_on",
    });
  });

  it("maps an assortment, Russian and Dunnhumby's product.csv", () => {
    const russian = ["Артикул", "Наименование", "Группа", "Подгруппа", "Бренд", "Класс маржинальности", "Цена"];
    expect(suggestFeed(russian)[0]).toEqual({ feed: "products", matched: 7, score: 7 });
    expect(mapped(russian, "products")).toEqual({
      Артикул: "sku",
      Наименование: "name",
      Группа: "category",
      Подгруппа: "subcategory",
      Бренд: "brand",
      "Класс маржинальности": "margin_class",
      Цена: "price",
    });
    const dunnhumby = "PRODUCT_ID,MANUFACTURER,DEPARTMENT,BRAND,COMMODITY_DESC,SUB_COMMODITY_DESC,CURR_SIZE_OF_PRODUCT".split(",");
    expect(suggestFeed(dunnhumby)[0].feed).toBe("products");
    expect(mapped(dunnhumby, "products")).toEqual({
      PRODUCT_ID: "sku",
      BRAND: "brand",
      COMMODITY_DESC: "category",
      SUB_COMMODITY_DESC: "subcategory",
    });
  });
});

describe("the tables", () => {
  it("name only columns of the warehouse's feeds, besides the source-only ones", () => {
    for (const feed of DRAFT_FEEDS) {
      const known = Object.keys(FEEDS[feed].columns);
      const unknown = Object.keys(SYNONYMS[feed]).filter((c) => !known.includes(c) && !(c in SOURCE_ONLY_COLUMNS));
      expect(unknown, feed).toEqual([]);
    }
  });

  it("give no header to two columns of one feed exactly", () => {
    for (const feed of DRAFT_FEEDS) {
      const owners = new Map<string, string>();
      const clashes: string[] = [];
      for (const [column, names] of Object.entries(SYNONYMS[feed])) {
        for (const name of names) {
          const key = normaliseHeader(name).replace(/ /g, "");
          const owner = owners.get(key);
          if (owner && owner !== column) clashes.push(`${name}: ${owner} and ${column}`);
          owners.set(key, column);
        }
      }
      expect(clashes, feed).toEqual([]);
    }
  });
});
