/** One reason a value was refused, with the path of the field it concerns (`events[2].device.language`). */
export interface FieldError {
  field: string;
  reason: string;
}
