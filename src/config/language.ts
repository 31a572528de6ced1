/** The language labels and files speak: English for an `en-*` locale, Russian otherwise (the product's users are Russian chains first). */
export type Language = "ru" | "en";

export const languageOf = (locale: string): Language => (/^en\b/i.test(locale) ? "en" : "ru");
