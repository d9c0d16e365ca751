import { useState } from 'react';
import { ApiError } from '../api/client';
import type { FieldErrors } from '../api/types';

/** A message for an error of any kind. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** The errors a form shows: per field, and for the form as a whole. */
export function useFormErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string[]>([]);
  /** Shows a failed request: the service's field errors at their fields, anything else above the form. Returns the field errors. */
  const fail = (error: unknown): FieldErrors => {
    if (error instanceof ApiError && Object.keys(error.errors).length) {
      setErrors(error.errors);
      setFormError(error.field('non_field_errors'));
      return error.errors;
    }
    setErrors({});
    setFormError([errorMessage(error)]);
    return {};
  };
  const reset = (fieldErrors: FieldErrors = {}) => {
    setErrors(fieldErrors);
    setFormError([]);
  };
  return { errors, setErrors, formError, fail, reset };
}
