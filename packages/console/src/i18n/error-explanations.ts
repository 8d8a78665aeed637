import type { Problem } from '../domain/types';
import { translate, type Language, type MessageKey } from './dictionaries';

/**
 * What a failed request or command means for the operator, per stable error
 * code (README "Error codes" and the state machines). Both languages must
 * explain every code: the Record types enforce it.
 */
export const explainedErrorCodes = [
  'OCCURRENCE_NOT_STARTED',
  'OCCURRENCE_ALREADY_IN_PROGRESS',
  'OCCURRENCE_ALREADY_RESOLVED',
  'OCCURRENCE_ALREADY_CANCELLED',
  'OCCURRENCE_CLOSED',
  'OCCURRENCE_NOT_OPEN',
  'OCCURRENCE_NOT_FOUND',
  'DISPATCH_NOT_FOUND',
  'DISPATCH_ALREADY_ACTIVE',
  'DISPATCH_ALREADY_IN_STATUS',
  'INVALID_DISPATCH_TRANSITION',
  'DISPATCH_ALREADY_CLOSED',
  'UNIT_NOT_FOUND',
  'UNIT_NOT_AVAILABLE',
  'UNIT_BUSY',
  'UNIT_ALREADY_IN_STATUS',
  'INVALID_UNIT_TRANSITION',
  'UNIT_RETIRED',
  'UNIT_ALREADY_REGISTERED',
  'UNIT_KIND_UNKNOWN',
  'INVALID_CSV',
  'ACTOR_REQUIRED',
  'MESSAGE_DEAD_LETTERED',
  'INVALID_MESSAGE_DATA',
  'UNKNOWN_MESSAGE_TYPE',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_KEY_REQUIRED',
  'RATE_LIMITED',
  'VALIDATION_FAILED',
  'INVALID_JSON',
  'JSON_TOO_COMPLEX',
  'INVALID_CHARACTER',
  'PAYLOAD_TOO_LARGE',
  'INSUFFICIENT_SCOPE',
  'AUTHENTICATION_REQUIRED',
  'INVALID_API_KEY',
  'SESSION_EXPIRED',
  'CROSS_ORIGIN_REQUEST',
  'DEAD_LETTER_TOPIC_NOT_FOUND',
  'COMMAND_NOT_FOUND',
  'INVALID_CURSOR',
  'INVALID_TIME_RANGE',
  'UPSTREAM_UNAVAILABLE',
  'NOT_READY',
  'INTERNAL_ERROR',
  'NETWORK_ERROR',
] as const;

export type ExplainedErrorCode = (typeof explainedErrorCodes)[number];

const ptBr: Record<ExplainedErrorCode, string> = {
  OCCURRENCE_NOT_STARTED: 'A ocorrência ainda não foi iniciada: inicie o atendimento antes de resolvê-la.',
  OCCURRENCE_ALREADY_IN_PROGRESS: 'O atendimento desta ocorrência já foi iniciado (talvez por outro operador).',
  OCCURRENCE_ALREADY_RESOLVED: 'A ocorrência já está resolvida; nada mais pode mudar nela.',
  OCCURRENCE_ALREADY_CANCELLED: 'A ocorrência já foi cancelada; nada mais pode mudar nela.',
  OCCURRENCE_CLOSED: 'A ocorrência está encerrada (resolvida ou cancelada) e não aceita alterações do registro.',
  OCCURRENCE_NOT_OPEN: 'Só é possível acionar unidades para ocorrências registradas ou em andamento.',
  OCCURRENCE_NOT_FOUND: 'Ocorrência não encontrada: ela não existe ou pertence a outra agência.',
  DISPATCH_NOT_FOUND: 'Acionamento não encontrado: ele não existe ou pertence a outra agência.',
  DISPATCH_ALREADY_ACTIVE: 'Esta unidade já está acionada para esta ocorrência.',
  DISPATCH_ALREADY_IN_STATUS: 'A unidade já está nesta situação.',
  INVALID_DISPATCH_TRANSITION: 'A unidade só avança (acionada → a caminho → no local); não pode voltar.',
  DISPATCH_ALREADY_CLOSED: 'Este acionamento já foi encerrado.',
  UNIT_NOT_FOUND: 'Unidade não encontrada no cadastro: ela não existe ou pertence a outra agência.',
  UNIT_NOT_AVAILABLE: 'A unidade não pode ser acionada agora: já está em outro atendimento ou fora de serviço. Escolha outra.',
  UNIT_BUSY: 'A unidade está em um atendimento: encerre o acionamento antes de mudar o serviço dela.',
  UNIT_ALREADY_IN_STATUS: 'A unidade já está nesta situação (talvez outro operador tenha mudado antes).',
  INVALID_UNIT_TRANSITION: 'A unidade não pode passar para esta situação a partir da atual.',
  UNIT_RETIRED: 'A unidade foi desativada: não recebe mais comandos nem acionamentos.',
  UNIT_ALREADY_REGISTERED: 'Já existe uma unidade com este código nesta agência.',
  UNIT_KIND_UNKNOWN: 'O tipo de unidade não está no catálogo desta instalação.',
  INVALID_CSV: 'O arquivo CSV da frota está malformado; confira o cabeçalho e as colunas.',
  ACTOR_REQUIRED: 'O comando chegou sem identificação do cliente que o enviou e foi recusado.',
  MESSAGE_DEAD_LETTERED: 'O comando não pôde ser processado e foi separado para análise (fila de mensagens mortas).',
  INVALID_MESSAGE_DATA: 'O comando chegou com dados inválidos ao serviço e foi recusado.',
  UNKNOWN_MESSAGE_TYPE: 'O serviço não reconhece este tipo de comando.',
  IDEMPOTENCY_KEY_REUSED: 'Este pedido já foi enviado com outros dados; abra a ação de novo para enviar um pedido novo.',
  IDEMPOTENCY_KEY_REQUIRED: 'O pedido foi enviado sem chave de idempotência.',
  RATE_LIMITED: 'Muitos pedidos em pouco tempo: aguarde alguns segundos e tente de novo.',
  VALIDATION_FAILED: 'Os dados enviados são inválidos; confira os campos.',
  INVALID_JSON: 'O pedido não é um JSON válido.',
  JSON_TOO_COMPLEX: 'O pedido é complexo demais para ser aceito.',
  INVALID_CHARACTER: 'O texto contém caracteres não permitidos.',
  PAYLOAD_TOO_LARGE: 'O texto enviado é grande demais.',
  INSUFFICIENT_SCOPE: 'Este cliente não tem permissão (escopo) para esta ação.',
  AUTHENTICATION_REQUIRED: 'É preciso entrar no console.',
  INVALID_API_KEY: 'Chave de API inválida ou revogada.',
  SESSION_EXPIRED: 'A sessão expirou ou foi revogada; entre novamente.',
  CROSS_ORIGIN_REQUEST: 'Pedido recusado: veio de outra origem que não o console.',
  DEAD_LETTER_TOPIC_NOT_FOUND: 'Esse tópico de mensagens mortas não existe nesta instalação; atualize a tela de operações.',
  COMMAND_NOT_FOUND: 'Comando não encontrado.',
  INVALID_CURSOR: 'A paginação ficou inválida; recarregue a lista.',
  INVALID_TIME_RANGE: 'O período é inválido: o início deve ser antes do fim.',
  UPSTREAM_UNAVAILABLE: 'Um serviço interno está indisponível; tente de novo em instantes.',
  NOT_READY: 'A plataforma ainda está iniciando; tente de novo em instantes.',
  INTERNAL_ERROR: 'Erro interno do servidor; tente de novo e, se persistir, informe o suporte.',
  NETWORK_ERROR: 'Sem conexão com o servidor: o pedido pode não ter chegado. Reenviar é seguro (mesmo pedido).',
};

const en: Record<ExplainedErrorCode, string> = {
  OCCURRENCE_NOT_STARTED: 'The occurrence has not been started: start the response before resolving it.',
  OCCURRENCE_ALREADY_IN_PROGRESS: 'The response to this occurrence has already started (perhaps by another operator).',
  OCCURRENCE_ALREADY_RESOLVED: 'The occurrence is already resolved; nothing about it can change.',
  OCCURRENCE_ALREADY_CANCELLED: 'The occurrence is already cancelled; nothing about it can change.',
  OCCURRENCE_CLOSED: 'The occurrence is closed (resolved or cancelled) and no longer accepts report updates.',
  OCCURRENCE_NOT_OPEN: 'Units can only be dispatched to reported or in-progress occurrences.',
  OCCURRENCE_NOT_FOUND: 'Occurrence not found: it does not exist or belongs to another agency.',
  DISPATCH_NOT_FOUND: 'Dispatch not found: it does not exist or belongs to another agency.',
  DISPATCH_ALREADY_ACTIVE: 'This unit is already dispatched to this occurrence.',
  DISPATCH_ALREADY_IN_STATUS: 'The unit is already in this status.',
  INVALID_DISPATCH_TRANSITION: 'A unit only moves forward (assigned → en route → on scene); it cannot go back.',
  DISPATCH_ALREADY_CLOSED: 'This dispatch is already closed.',
  UNIT_NOT_FOUND: 'Unit not found in the registry: it does not exist or belongs to another agency.',
  UNIT_NOT_AVAILABLE: 'The unit cannot be dispatched now: it is on another job or out of service. Choose another.',
  UNIT_BUSY: 'The unit is on a job: close its dispatch before changing its service.',
  UNIT_ALREADY_IN_STATUS: 'The unit is already in this status (perhaps another operator changed it first).',
  INVALID_UNIT_TRANSITION: 'The unit cannot move to this status from its current one.',
  UNIT_RETIRED: 'The unit is retired: it takes no more commands or dispatches.',
  UNIT_ALREADY_REGISTERED: 'This agency already has a unit with this code.',
  UNIT_KIND_UNKNOWN: 'The unit kind is not in this installation\'s catalog.',
  INVALID_CSV: 'The fleet CSV file is malformed; check its header and columns.',
  ACTOR_REQUIRED: 'The command arrived without the client that sent it and was refused.',
  MESSAGE_DEAD_LETTERED: 'The command could not be processed and was set aside for analysis (dead-letter queue).',
  INVALID_MESSAGE_DATA: 'The command reached the service with invalid data and was refused.',
  UNKNOWN_MESSAGE_TYPE: 'The service does not know this kind of command.',
  IDEMPOTENCY_KEY_REUSED: 'This request was already sent with different data; open the action again to send a new request.',
  IDEMPOTENCY_KEY_REQUIRED: 'The request was sent without an idempotency key.',
  RATE_LIMITED: 'Too many requests in a short time: wait a few seconds and try again.',
  VALIDATION_FAILED: 'The data sent is invalid; check the fields.',
  INVALID_JSON: 'The request is not valid JSON.',
  JSON_TOO_COMPLEX: 'The request is too complex to be accepted.',
  INVALID_CHARACTER: 'The text contains characters that are not allowed.',
  PAYLOAD_TOO_LARGE: 'The text sent is too large.',
  INSUFFICIENT_SCOPE: 'This client is not allowed (scope) to do this.',
  AUTHENTICATION_REQUIRED: 'You need to sign in to the console.',
  INVALID_API_KEY: 'Invalid or revoked API key.',
  SESSION_EXPIRED: 'The session expired or was revoked; sign in again.',
  CROSS_ORIGIN_REQUEST: 'Request refused: it came from an origin other than the console.',
  DEAD_LETTER_TOPIC_NOT_FOUND: 'That dead-letter topic does not exist in this installation; refresh the operations screen.',
  COMMAND_NOT_FOUND: 'Command not found.',
  INVALID_CURSOR: 'The pagination became invalid; reload the list.',
  INVALID_TIME_RANGE: 'The period is invalid: its start must come before its end.',
  UPSTREAM_UNAVAILABLE: 'An internal service is unavailable; try again in a moment.',
  NOT_READY: 'The platform is still starting; try again in a moment.',
  INTERNAL_ERROR: 'Internal server error; try again and, if it persists, tell support.',
  NETWORK_ERROR: 'No connection to the server: the request may not have arrived. Resending is safe (same request).',
};

export const errorExplanations: Record<Language, Record<ExplainedErrorCode, string>> = { 'pt-BR': ptBr, en };

const isExplained = (code: string): code is ExplainedErrorCode => Object.hasOwn(ptBr, code);

/** The operator-facing sentence for a code; an unknown code still says which it is. */
export function explainError(code: string, language: Language, detail?: string): string {
  if (isExplained(code)) return errorExplanations[language][code];
  const fallback = language === 'pt-BR' ? `Falha (${code})` : `Failed (${code})`;
  return detail ? `${fallback}: ${detail}` : fallback;
}

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
