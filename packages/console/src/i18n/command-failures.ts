import type { Problem } from '../domain/types';
import { translate, type Language, type MessageKey } from './dictionaries';
import { explainError } from './error-explanations';

/** What a failure names that the sentence can use: the unit's code is the console's, the rest the error's context. */
export interface FailureFacts {
  unitCode?: string;
}

interface UnitRefusalWords {
  unit(code: string | undefined): string;
  onJob(unit: string, occurrence: string, status: string): string;
  outOfService(unit: string): string;
  retired(unit: string): string;
  notFound(unit: string): string;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const unitRefusals: Record<Language, UnitRefusalWords> = {
  'pt-BR': {
    unit: (code) => (code ? `a unidade ${code}` : 'a unidade'),
    onJob: (unit, occurrence, status) => `${capitalized(unit)} já está na ocorrência ${occurrence} (${status}): escolha outra unidade.`,
    outOfService: (unit) => `${capitalized(unit)} está fora de serviço: escolha outra unidade ou coloque-a de volta em serviço antes.`,
    retired: (unit) => `${capitalized(unit)} foi desativada e não recebe mais acionamentos.`,
    notFound: (unit) => `${capitalized(unit)} não está no cadastro de unidades desta agência.`,
  },
  en: {
    unit: (code) => (code ? `unit ${code}` : 'the unit'),
    onJob: (unit, occurrence, status) => `${capitalized(unit)} is already on occurrence ${occurrence} (${status}): choose another unit.`,
    outOfService: (unit) => `${capitalized(unit)} is out of service: choose another unit, or put it back in service first.`,
    retired: (unit) => `${capitalized(unit)} is retired and takes no more dispatches.`,
    notFound: (unit) => `${capitalized(unit)} is not in this agency's units registry.`,
  },
};

/** The dispatch a busy unit holds, when the failure's context names it. */
export function currentDispatchOf(error: Problem): { id: string; occurrenceId: string; status: string } | undefined {
  const current = error.context?.currentDispatch as { id?: unknown; occurrenceId?: unknown; status?: unknown } | null | undefined;
  if (!current || typeof current.occurrenceId !== 'string' || typeof current.status !== 'string') return undefined;
  return { id: String(current.id), occurrenceId: current.occurrenceId, status: current.status };
}

function explainUnitRefusal(error: Problem, language: Language, { unitCode }: FailureFacts): string | undefined {
  const words = unitRefusals[language];
  const unit = words.unit(unitCode);
  if (error.code === 'UNIT_NOT_FOUND') return unitCode ? words.notFound(unit) : undefined;
  if (error.code !== 'UNIT_NOT_AVAILABLE') return undefined;
  const current = currentDispatchOf(error);
  if (current) {
    const statusKey = `dispatchStatus.${current.status}` as MessageKey;
    const status = /^(assigned|en_route|on_scene)$/.test(current.status) ? translate(language, statusKey).toLowerCase() : current.status;
    return words.onJob(unit, current.occurrenceId.slice(0, 8), status);
  }
  if (error.context?.unitStatus === 'out_of_service') return words.outOfService(unit);
  if (error.context?.unitStatus === 'retired') return words.retired(unit);
  return undefined;
}

/**
 * A failed command in words, with what its error carries: a unit refused for
 * a dispatch says which job holds it (`error.context.currentDispatch`) or that
 * it is out of service; every other code has its sentence.
 */
export function explainCommandError(error: Problem, language: Language, facts: FailureFacts = {}): string {
  return explainUnitRefusal(error, language, facts) ?? explainError(error.code, language, error.detail);
}
