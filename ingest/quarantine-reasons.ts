/**
 * Why a row was quarantined: each reason the readers and the merge write, with what it means for the
 * person fixing the export, in Russian (the data-quality page) and English (the CLI's words). A
 * reason not listed here (a CSV error DuckDB names in a newer version) is shown as its code.
 */
export const QUARANTINE_REASONS = {
  missing_required: { ru: "нет обязательного значения", en: "a required value is missing" },
  missing_fields: { ru: "в строке меньше полей, чем в заголовке", en: "the line has fewer fields than the header" },
  too_many_fields: { ru: "в строке больше полей, чем в заголовке", en: "the line has more fields than the header" },
  bad_quoting: { ru: "кавычки в строке не закрыты или стоят не там", en: "quotes in the line are unbalanced or misplaced" },
  invalid_encoding: { ru: "байты не в кодировке файла", en: "bytes not in the file's encoding" },
  invalid_json: { ru: "строка не читается как JSON", en: "the line is not valid JSON" },
  invalid_decimal: { ru: "не число", en: "not a number" },
  invalid_timestamp: { ru: "не дата или время", en: "not a date or time" },
  invalid_email: { ru: "не адрес электронной почты", en: "not an e-mail address" },
  invalid_phone: { ru: "не номер телефона", en: "not a phone number" },
  negative_on_sale: { ru: "отрицательная сумма в чеке продажи", en: "a negative amount on a sale" },
  future_date: { ru: "дата в будущем", en: "a date in the future" },
  not_accepted: { ru: "значение не из списка допустимых", en: "a value outside the accepted list" },
  unknown_value: { ru: "неизвестное значение справочника", en: "a value the reference list does not know" },
  undated_change: { ru: "изменение без даты (updated_at): датировано загрузкой", en: "a change without updated_at: dated by the load" },
  conflicting_resend: { ru: "повторная отправка противоречит загруженной строке", en: "a re-sent row contradicts the loaded one" },
} as const;

export type QuarantineReason = keyof typeof QUARANTINE_REASONS;
