import { Type } from 'typebox';

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    detail: Type.String(),
    instance: Type.String(),
    request_id: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String(),
          message: Type.String(),
          code: Type.Optional(Type.String({ description: 'the field error’s own code, where the domain has one (CBAM: E001–E010)' })),
        }),
      ),
    ),
  },
  { description: 'RFC 9457 problem details' },
);

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

export const Region = Type.String({
  minLength: 2,
  maxLength: 12,
  pattern: '^[A-Za-z]{2,6}(-[A-Za-z0-9]{1,4})?$',
  description: 'ISO 3166 code (US, US-CA), EU or GLOBAL',
});
export const Year = Type.Integer({ minimum: 1900, maximum: 2100 });
export const Category = Type.Integer({ minimum: 1, maximum: 15, description: 'GHG Protocol Scope 3 category' });
export const Activity = Type.String({ minLength: 1, maxLength: 200, description: 'Activity key, e.g. transport.road.truck_heavy or eeio.naics.331110' });
export const Gases = Type.Record(Type.String(), Type.Number({ minimum: 0 }));

export const PageInfo = Type.Object({ has_next_page: Type.Boolean(), next_cursor: Type.Union([Type.String(), Type.Null()]) });
