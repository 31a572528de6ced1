// An engineer's definition in TypeScript: the same shape as the YAML files, type-checked.
// Loyal customers buy anyway, so they get a referral offer, not a discount (DOMAIN.md).
import type { SegmentDefinitionInput } from "../segment-definition.js";

const definition: SegmentDefinitionInput = {
  name: "loyal-referral",
  title: "Лояльное ядро: приведи друга",
  where: {
    all: [
      { field: "cvm_stage", eq: "loyal" },
      { any: [{ field: "rfm_segment", in: ["Champions", "Loyal Customers"] }, { field: "p_alive", gte: 0.9 }] },
    ],
  },
  channels: ["push", "email", "messenger"],
  suppressContactedWithinDays: 14,
  offer: { code: "FRIEND500", text: "500 бонусов вам и другу за его первую покупку", validDays: 30 },
};

export default definition;
