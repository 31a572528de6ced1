/**
 * Every tunable number and word list of the sample chain in one place, so the truth file can quote
 * them and a reader can see what "realistic" was taken to mean.
 */
import type { MESSAGE_CHANNELS } from "../../src/db/schema.js";

/** A fixed default, not "today": the same options must always produce the same files. */
export const DEFAULT_END_DATE = "2026-10-31";

/**
 * What the sample chain's owner would put in their config and the feeds cannot say: the gross margin
 * on incremental revenue, which turns a campaign's revenue uplift into margin and ROI (a grocery
 * chain's 20–30 %). `npm start` and the tests' sample chain use it when the config leaves it unset.
 */
export const SAMPLE_MARGIN_RATE = 0.25;
/** A point of the sample chain pays one unit of money at the till (BONUS.maxPayShare of a receipt at most). */
export const SAMPLE_POINT_VALUE = 1;

export const LIMITS = {
  /** Card numbers are EAN-13 with 8 free digits; customers and their second cards share that space. */
  maxCustomers: 40_000_000,
  /** Store ids are `S001`..`S999`. */
  maxStores: 999,
  /** Campaign windows sit in the last 80 days and need some history before them. */
  minDays: 90,
  maxDays: 3650,
} as const;

export const CITIES = [
  { city: "Москва", region: "Москва", weight: 6 },
  { city: "Санкт-Петербург", region: "Санкт-Петербург", weight: 3 },
  { city: "Казань", region: "Республика Татарстан", weight: 1.2 },
  { city: "Екатеринбург", region: "Свердловская область", weight: 1.2 },
  { city: "Новосибирск", region: "Новосибирская область", weight: 1.1 },
  { city: "Нижний Новгород", region: "Нижегородская область", weight: 1 },
  { city: "Самара", region: "Самарская область", weight: 0.9 },
  { city: "Ростов-на-Дону", region: "Ростовская область", weight: 0.9 },
  { city: "Краснодар", region: "Краснодарский край", weight: 0.9 },
  { city: "Уфа", region: "Республика Башкортостан", weight: 0.8 },
  { city: "Химки", region: "Московская область", weight: 0.7 },
  { city: "Подольск", region: "Московская область", weight: 0.6 },
] as const;

/** How customers type their city in a profile form, besides the clean name. */
export const CITY_SPELLING_SHARE = { prefixed: 0.05, lower: 0.04, upper: 0.02 } as const;

/** `weight` is the store's share of traffic; `basket` scales the number of lines per receipt. */
export const STORE_FORMATS = [
  { format: "гипермаркет", title: "Гипермаркет", share: 0.2, weight: 3, tills: 10, basket: 1.4 },
  { format: "супермаркет", title: "Супермаркет", share: 0.5, weight: 1.5, tills: 5, basket: 1.0 },
  { format: "у дома", title: "Магазин у дома", share: 0.3, weight: 0.7, tills: 2, basket: 0.6 },
] as const;

export const STREETS = [
  "Ленина", "Мира", "Советская", "Гагарина", "Садовая", "Победы", "Московская", "Пушкина",
  "Лесная", "Комсомольская", "Центральная", "Молодёжная", "Заречная", "Кирова", "Школьная",
] as const;

/** [Cyrillic, Latin transliteration]: the Latin form builds plausible e-mail addresses. */
export const MALE_NAMES = [
  ["Александр", "aleksandr"], ["Дмитрий", "dmitry"], ["Максим", "maxim"], ["Сергей", "sergey"],
  ["Андрей", "andrey"], ["Алексей", "alexey"], ["Артём", "artem"], ["Илья", "ilya"],
  ["Кирилл", "kirill"], ["Михаил", "mikhail"], ["Никита", "nikita"], ["Иван", "ivan"],
  ["Евгений", "evgeny"], ["Павел", "pavel"], ["Владимир", "vladimir"], ["Олег", "oleg"],
] as const;
export const FEMALE_NAMES = [
  ["Анна", "anna"], ["Мария", "maria"], ["Елена", "elena"], ["Ольга", "olga"],
  ["Наталья", "natalya"], ["Татьяна", "tatiana"], ["Ирина", "irina"], ["Екатерина", "ekaterina"],
  ["Светлана", "svetlana"], ["Юлия", "yulia"], ["Анастасия", "anastasia"], ["Дарья", "daria"],
  ["Ксения", "ksenia"], ["Виктория", "victoria"], ["Полина", "polina"], ["Алёна", "alena"],
] as const;
/** Surnames whose female form is the male form + "а". */
export const LAST_NAMES = [
  ["Иванов", "ivanov"], ["Смирнов", "smirnov"], ["Кузнецов", "kuznetsov"], ["Попов", "popov"],
  ["Васильев", "vasiliev"], ["Петров", "petrov"], ["Соколов", "sokolov"], ["Михайлов", "mikhailov"],
  ["Новиков", "novikov"], ["Фёдоров", "fedorov"], ["Морозов", "morozov"], ["Волков", "volkov"],
  ["Алексеев", "alekseev"], ["Лебедев", "lebedev"], ["Семёнов", "semenov"], ["Егоров", "egorov"],
  ["Павлов", "pavlov"], ["Козлов", "kozlov"], ["Степанов", "stepanov"], ["Николаев", "nikolaev"],
  ["Орлов", "orlov"], ["Андреев", "andreev"], ["Макаров", "makarov"], ["Никитин", "nikitin"],
] as const;

export const EMAIL_DOMAINS = ["mail.ru", "yandex.ru", "gmail.com", "bk.ru", "list.ru", "rambler.ru"] as const;
export const MOBILE_CODES = [916, 903, 905, 909, 915, 925, 926, 977, 985, 912, 921, 950, 960, 987, 999] as const;
export const PETS = ["кошка", "собака", "кошка, собака", "нет", "попугай", "рыбки"] as const;

/** Registration channel mix; `import` is the legacy base loaded before the period starts. */
export const CHANNEL_MIX = {
  inPeriod: { till: 0.62, app: 0.16, site: 0.08, online_form: 0.08, wallet: 0.06 },
  beforePeriod: { import: 0.45, till: 0.4, app: 0.05, site: 0.05, online_form: 0.05 },
} as const;

/** How complete a profile is, by how the customer registered (an app forces more fields). */
export const PROFILE_COMPLETENESS = {
  till: 0.7, app: 1, site: 0.9, online_form: 0.95, wallet: 0.8, import: 0.6,
} as const;
/** Chance that a field is filled in a fully completed profile. */
export const FIELD_PRESENCE = {
  email: 0.8, birth_date: 0.85, gender: 0.95, city: 0.9, children: 0.6, has_car: 0.55, pets: 0.5,
  home_store: 0.9,
} as const;
/** Every channel asks for a phone (it is the login), so it is missing for few, whatever the channel. */
export const PHONE_PRESENCE = 0.95;

export const LIFECYCLE = {
  /** Share of the base registered before the period (up to `preHistoryDays` earlier). */
  registeredBefore: 0.35,
  preHistoryDays: 1095,
  /** In-period registrations lean towards the end: day = days * u^growth. */
  registrationGrowth: 0.8,
  /** Visits per day of an average active customer; individual rates are Gamma(2)-distributed. */
  meanVisitRate: 0.075,
  maxVisitRate: 1,
  /** Tier thresholds on the customer's Gamma(2) rate multiplier. */
  goldAbove: 2,
  silverAbove: 1.1,
  churnShare: 0.7,
  meanLifetimeDays: 420,
  wonBackShare: 0.2,
  wonBackMinGapDays: 60,
  wonBackMeanExtraGapDays: 120,
  wonBackRateFactor: 0.7,
  /** Registered on a site/app and never bought (till registrations always come with a purchase). */
  neverBuysShare: 0.1,
  homeStoreShare: 0.8,
  secondCardShare: 0.03,
  blockedCardShare: 0.005,
  closedCardShareOfChurned: 0.05,
} as const;

/** Anonymous receipts as a share of all sales, falling over the period (more customers identified). */
export const ANONYMOUS = { share: 0.33, trendStart: 1.15, trendEnd: 0.85 } as const;

/** ISO weekday (Mon=1..Sun=7) and month factors of traffic: weekends and December busier, summer quieter. */
export const WEEKDAY_FACTOR = [0.85, 0.85, 0.9, 0.95, 1.1, 1.3, 1.15] as const;
export const MONTH_FACTOR = [0.9, 0.9, 1, 1, 0.95, 0.85, 0.8, 0.85, 1, 1, 1.05, 1.25] as const;
export const NEW_YEAR_RUSH = { fromDay: 20, factor: 1.35 } as const;

/** Relative traffic by hour of day; expanded into lookup slots. */
export const HOUR_WEIGHTS: Record<number, number> = {
  8: 2, 9: 3, 10: 4, 11: 5, 12: 6, 13: 6, 14: 5, 15: 5, 16: 6, 17: 8, 18: 10, 19: 10, 20: 8, 21: 5, 22: 2,
};

export const PAYMENT_TYPES = ["card", "sbp", "cash"] as const;
/** Cumulative thresholds over PAYMENT_TYPES: members pay by card more, anonymous buyers by cash. */
export const PAYMENT_MIX = { member: [0.6, 0.8], anonymous: [0.5, 0.6] } as const;

export const BASKET = {
  /** Lines per receipt: 1 + floor(basket * Exponential(mean 1 / -ln(1 - p))), basket by store format. */
  extraLineP: 0.28,
  maxLines: 40,
  /** Shares of 1 and 2 units (the rest buys 3..5); weighed goods get 0.20..1.80 kg. */
  unitQuantityShares: [0.75, 0.17],
  /** Popular SKUs have low indexes: sku = n * u^skew. */
  skuSkew: 2.2,
  products: 1200,
  /** Prices rise this much per month; the catalogue price is the one at the end date. */
  monthlyInflation: 0.0075,
  priceSpread: 0.35,
  promoShare: 0.08,
  /** Promo discounts of 10, 15, .. 30 percent. */
  promoPercents: { min: 10, step: 5, count: 5 },
} as const;

export const RETURNS = { share: 0.02, maxDaysAfter: 14, lineShare: 0.35 } as const;

/**
 * Changes the platform made to profiles during the period, sent as corrected profiles
 * (customers_updates.csv, dated by updated_at): shares of the customers a change can apply to.
 * A tier move up takes a silver or gold member from the tier below; a move down a basic member
 * from silver; consents are given to SMS or withdrawn from e-mail; a complete profile got its pets
 * last. At most one change per customer.
 */
export const PROFILE_HISTORY = {
  tierUp: 0.12,
  tierDown: 0.05,
  consentGiven: 0.06,
  consentWithdrawn: 0.04,
  profileCompleted: 0.2,
} as const;

/**
 * Problems planted in the last month for the diagnosis of the month to find (off with
 * `problems: false`): one store stops offering the card at the till (a share of its members' sales go
 * through anonymous); a share of one city's frequent buyers (a visit rate of at least `minRate` a
 * day) stop buying `stopDaysBeforeEnd` days before the end: active at the month before's end, they
 * turn pre-churn or churned by the last month's; and the members loyal by the lifecycle's rule (at least 6
 * purchase days in the 180 days before the month) stop buying one category.
 */
export const PLANTED_PROBLEMS = {
  identification: { anonymousShare: 0.6 },
  preChurn: { share: 0.5, minRate: 0.04, stopDaysBeforeEnd: [40, 46] },
  penetration: { category: "Кондитерские изделия", loyalMinDays: 6, loyalWindowDays: 180 },
} as const;

/** The sample chain's tier rules (config models.tiers.levels): qualifying spend over 12 months. */
export const SAMPLE_TIER_LEVELS = [
  { tier: "basic", minSpend: 0 },
  { tier: "silver", minSpend: 15000 },
  { tier: "gold", minSpend: 40000 },
];

/** Bonus rules: earn a tier's percent of the total; pay up to 30% of a receipt with points. */
export const BONUS = {
  earnPercent: { basic: 3, silver: 5, gold: 7 },
  redeemShare: 0.15,
  minRedeem: 50,
  maxPayShare: 0.3,
  /** The whole balance burns after this many days without a purchase on the card. */
  burnAfterDays: 180,
  adjustmentShare: 0.0002,
  adjustmentPoints: [100, 200, 300, 500],
} as const;

type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export const MESSAGE_COST: Record<MessageChannel, number> = { sms: 3, email: 0.2, push: 0.05, messenger: 1 };
/** Delivery, open (of delivered) and click (of opened) rates; SMS opens cannot be tracked. */
export const MESSAGE_RATES: Record<MessageChannel, { delivered: number; opened: number; clicked: number }> = {
  sms: { delivered: 0.95, opened: 0, clicked: 0 },
  email: { delivered: 0.88, opened: 0.25, clicked: 0.15 },
  push: { delivered: 0.7, opened: 0.12, clicked: 0.3 },
  messenger: { delivered: 0.92, opened: 0.55, clicked: 0.2 },
};

export const CONSENT = { sms: 0.6, email: 0.55, messenger: 0.3, pushApp: 0.8, pushOther: 0.1 } as const;

export type AudienceRule =
  | { kind: "lapsed"; minSales: number; inactiveDays: number }
  | { kind: "lapsing"; minSales: number; lastSaleFromDays: number; lastSaleToDays: number }
  | { kind: "birthday" }
  | { kind: "loyal"; minSales: number; lookbackDays: number };

export interface CampaignSpec {
  id: string;
  name: string;
  mechanic: string;
  goal: string;
  /** Channel priority of the cascade: the first consented channel, the next one if undelivered. */
  channels: readonly MessageChannel[];
  /** The window starts this many days before the end date and lasts `lengthDays`. */
  startsDaysBeforeEnd: number;
  lengthDays: number;
  controlShare: number;
  audience: AudienceRule;
  /** True effect: extra share of target members who buy at least once in the window. */
  responseLift: number;
  couponPoints: number | null;
  /** Converted members keep buying after the window at this fraction of their old rate. */
  followUpRateFactor: number;
}

/** Windows never overlap, so each campaign's response is measured on untouched baseline behaviour. */
export const CAMPAIGNS: readonly CampaignSpec[] = [
  {
    id: "CMP-01",
    name: "Возвращение: 200 баллов за покупку",
    mechanic: "winback_gift",
    goal: "Вернуть 7,5% ушедших клиентов",
    channels: ["sms", "messenger", "email", "push"],
    startsDaysBeforeEnd: 80,
    lengthDays: 14,
    controlShare: 0.15,
    audience: { kind: "lapsed", minSales: 2, inactiveDays: 90 },
    responseLift: 0.08,
    couponPoints: 200,
    followUpRateFactor: 0.5,
  },
  {
    id: "CMP-02",
    name: "Мы скучаем: 300 баллов за покупку в течение 10 дней",
    mechanic: "prechurn_gift",
    goal: "Удержать 5% клиентов в зоне риска оттока",
    channels: ["push", "messenger", "sms", "email"],
    startsDaysBeforeEnd: 60,
    lengthDays: 10,
    controlShare: 0.2,
    audience: { kind: "lapsing", minSales: 3, lastSaleFromDays: 60, lastSaleToDays: 30 },
    responseLift: 0.06,
    couponPoints: 300,
    followUpRateFactor: 0,
  },
  {
    id: "CMP-03",
    name: "С днём рождения: 150 подарочных баллов",
    mechanic: "birthday_gift",
    goal: "Покупка в день рождения у 30% именинников",
    channels: ["push", "email", "sms", "messenger"],
    startsDaysBeforeEnd: 45,
    lengthDays: 14,
    controlShare: 0.1,
    audience: { kind: "birthday" },
    responseLift: 0.05,
    couponPoints: 150,
    followUpRateFactor: 0,
  },
  {
    id: "CMP-04",
    name: "Новинки недели",
    mechanic: "newsletter",
    goal: "Рост частоты покупок лояльного ядра",
    channels: ["email", "push"],
    startsDaysBeforeEnd: 25,
    lengthDays: 14,
    controlShare: 0.15,
    audience: { kind: "loyal", minSales: 4, lookbackDays: 90 },
    responseLift: 0,
    couponPoints: null,
    followUpRateFactor: 0,
  },
];

/** Share of natural (not campaign-made) first purchases in a coupon window that use the coupon. */
export const NATURAL_COUPON_USE = 0.6;

/** The deliberately broken rows: how many of each kind. */
export const BAD_RECEIPT_ROWS = {
  total_unparseable: 2,
  receipt_at_empty: 2,
  impossible_date: 2,
  negative_total: 2,
  extra_field: 2,
} as const;
export const BAD_CUSTOMER_ROWS = { gender_invalid: 1 } as const;

/** The re-sent file repeats this many last days of the last month. */
export const RESENT_DAYS = 2;

interface Subcategory {
  name: string;
  price: number;
  sizes: readonly string[];
  /** Sold by weight: price per kg, quantity in kg. */
  weighed?: boolean;
}
interface Category {
  name: string;
  margin: "high" | "medium" | "low";
  brands: readonly string[];
  subcategories: readonly Subcategory[];
}

export const CATALOG: readonly Category[] = [
  {
    name: "Молочные продукты", margin: "medium",
    brands: ["Деревенское", "Бурёнка", "Северная долина", "Молочный край", "Простые продукты"],
    subcategories: [
      { name: "Молоко", price: 95, sizes: ["930 мл", "1 л", "1,4 л"] },
      { name: "Кефир", price: 85, sizes: ["900 г", "500 г"] },
      { name: "Йогурт", price: 55, sizes: ["125 г", "270 г"] },
      { name: "Творог", price: 140, sizes: ["180 г", "350 г"] },
      { name: "Сыр", price: 280, sizes: ["200 г", "300 г"] },
      { name: "Сметана", price: 110, sizes: ["300 г", "400 г"] },
      { name: "Масло сливочное", price: 220, sizes: ["180 г"] },
    ],
  },
  {
    name: "Хлеб и выпечка", margin: "medium",
    brands: ["Хлебозавод №1", "Пекарня у дома", "Каравай"],
    subcategories: [
      { name: "Хлеб", price: 60, sizes: ["400 г", "600 г"] },
      { name: "Батон", price: 55, sizes: ["350 г"] },
      { name: "Булочки", price: 45, sizes: ["2 шт", "4 шт"] },
      { name: "Пирожное", price: 180, sizes: ["250 г"] },
    ],
  },
  {
    name: "Овощи и фрукты", margin: "high",
    brands: ["Фермерское", "Свежий урожай", "Импорт"],
    subcategories: [
      { name: "Яблоки", price: 140, sizes: ["кг"], weighed: true },
      { name: "Бананы", price: 130, sizes: ["кг"], weighed: true },
      { name: "Картофель", price: 60, sizes: ["кг"], weighed: true },
      { name: "Огурцы", price: 220, sizes: ["кг"], weighed: true },
      { name: "Помидоры", price: 280, sizes: ["кг"], weighed: true },
      { name: "Апельсины", price: 170, sizes: ["кг"], weighed: true },
    ],
  },
  {
    name: "Мясо и птица", margin: "medium",
    brands: ["Мясной двор", "Петелинка", "Сельские угодья"],
    subcategories: [
      { name: "Филе куриное", price: 420, sizes: ["кг"], weighed: true },
      { name: "Фарш", price: 450, sizes: ["500 г"] },
      { name: "Колбаса", price: 520, sizes: ["400 г"] },
      { name: "Сосиски", price: 330, sizes: ["450 г"] },
    ],
  },
  {
    name: "Рыба и морепродукты", margin: "medium",
    brands: ["Русское море", "Балтийский берег"],
    subcategories: [
      { name: "Сельдь", price: 250, sizes: ["400 г"] },
      { name: "Лосось", price: 1800, sizes: ["кг"], weighed: true },
      { name: "Креветки", price: 900, sizes: ["500 г"] },
    ],
  },
  {
    name: "Бакалея", margin: "low",
    brands: ["Национальная", "Макфа", "Красная цена", "Увелка"],
    subcategories: [
      { name: "Макароны", price: 90, sizes: ["450 г"] },
      { name: "Рис", price: 120, sizes: ["900 г"] },
      { name: "Гречка", price: 110, sizes: ["900 г"] },
      { name: "Мука", price: 85, sizes: ["2 кг"] },
      { name: "Сахар", price: 95, sizes: ["1 кг"] },
      { name: "Масло подсолнечное", price: 150, sizes: ["1 л"] },
    ],
  },
  {
    name: "Напитки", margin: "high",
    brands: ["Родники", "Сады Придонья", "Чёрный жемчуг", "Живая вода"],
    subcategories: [
      { name: "Вода питьевая", price: 45, sizes: ["1,5 л", "5 л"] },
      { name: "Сок", price: 140, sizes: ["1 л"] },
      { name: "Газированный напиток", price: 110, sizes: ["1,5 л"] },
      { name: "Чай", price: 190, sizes: ["100 пак."] },
      { name: "Кофе", price: 650, sizes: ["250 г"] },
    ],
  },
  {
    name: "Алкоголь", margin: "low",
    brands: ["Жигули", "Кубань", "Старый мастер"],
    subcategories: [
      { name: "Пиво", price: 110, sizes: ["0,5 л"] },
      { name: "Вино", price: 650, sizes: ["0,75 л"] },
      { name: "Водка", price: 550, sizes: ["0,5 л"] },
    ],
  },
  {
    name: "Кондитерские изделия", margin: "high",
    brands: ["Красный Октябрь", "Алёнка", "Юбилейное"],
    subcategories: [
      { name: "Шоколад", price: 120, sizes: ["90 г"] },
      { name: "Печенье", price: 110, sizes: ["300 г"] },
      { name: "Конфеты", price: 450, sizes: ["кг"], weighed: true },
    ],
  },
  {
    name: "Замороженные продукты", margin: "medium",
    brands: ["Сибирская коллекция", "Мороз продукт", "Хорошие продукты"],
    subcategories: [
      { name: "Пельмени", price: 350, sizes: ["800 г"] },
      { name: "Мороженое", price: 120, sizes: ["80 г", "450 г"] },
      { name: "Овощная смесь", price: 190, sizes: ["400 г"] },
    ],
  },
  {
    name: "Бытовая химия", margin: "medium",
    brands: ["Чистый дом", "Фея", "Мягкий знак"],
    subcategories: [
      { name: "Стиральный порошок", price: 550, sizes: ["3 кг"] },
      { name: "Средство для посуды", price: 180, sizes: ["500 мл"] },
      { name: "Туалетная бумага", price: 280, sizes: ["8 рул."] },
    ],
  },
  {
    name: "Детские товары", margin: "low",
    brands: ["Малыш", "ФрутоНяня"],
    subcategories: [
      { name: "Подгузники", price: 1400, sizes: ["52 шт"] },
      { name: "Детское пюре", price: 75, sizes: ["90 г"] },
    ],
  },
  {
    name: "Зоотовары", margin: "high",
    brands: ["Мурка", "Верный друг"],
    subcategories: [
      { name: "Корм для кошек", price: 45, sizes: ["85 г"] },
      { name: "Корм для собак", price: 1200, sizes: ["3 кг"] },
    ],
  },
];
