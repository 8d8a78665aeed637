import { agencyFilterFor, haversineKm, reachableBy, type AgencyAccess, type UnitStatus } from '@atalaia/contracts';
import type { UnitKindCatalog } from '../domain/unit-registration';
import type { DispatchPrisma } from './prisma';
import { stationOf, toUnitSnapshot, type StoredUnit } from './unit-repository';

type CurrentDispatch = { id: string; occurrenceId: string; status: string } | null;
export type UnitView = ReturnType<typeof toUnitSnapshot> & { currentDispatch: CurrentDispatch };

export interface UnitListQuery {
  status?: UnitStatus;
  kind?: string;
  station?: string;
  agencyId?: string;
  includeRetired: boolean;
  limit: number;
  cursor?: { code: string; id: string };
}

const asStored = (row: object) => row as StoredUnit;

/** The HTTP reads of units, through Prisma: lists, details, kinds and the nearest-unit ranking. */
export class UnitReads {
  constructor(
    private readonly prisma: DispatchPrisma,
    readonly kinds: UnitKindCatalog,
  ) {}

  /** Units in code order (ties by id), a keyset page at a time, as far as `access` may see. */
  async list(query: UnitListQuery, access: AgencyAccess): Promise<{ data: UnitView[]; nextCursor: { code: string; id: string } | null }> {
    const visible = agencyFilterFor(access);
    if (visible && query.agencyId && query.agencyId !== visible) return { data: [], nextCursor: null };
    const after = query.cursor;
    const rows = await this.prisma.unit.findMany({
      where: {
        agencyId: visible ?? query.agencyId,
        status: query.status,
        kind: query.kind,
        stationName: query.station,
        retiredAt: query.includeRetired ? undefined : null,
        ...(after ? { OR: [{ code: { gt: after.code } }, { code: after.code, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ code: 'asc' }, { id: 'asc' }],
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit).map(asStored);
    const last = page.at(-1);
    return { data: await this.withCurrentDispatch(page), nextCursor: rows.length > query.limit && last ? { code: last.code, id: last.id } : null };
  }

  async detail(id: string, access: AgencyAccess) {
    const row = await this.prisma.unit.findUnique({ where: { id } });
    const unit = reachableBy(row && asStored(row), access);
    if (!unit) return null;
    const [view] = await this.withCurrentDispatch([unit]);
    const history = await this.prisma.unitStatusChange.findMany({ where: { unitId: id }, orderBy: { id: 'desc' }, take: 20 });
    const statusHistory = history.map(({ status, previousStatus, cause, dispatchId, reason, changedAt }) => ({
      status,
      previousStatus,
      cause,
      dispatchId,
      reason,
      at: changedAt.toISOString(),
    }));
    return { ...view!, statusHistory };
  }

  /**
   * The occurrence's agency's units that can take a job (available or
   * returning, holding no dispatch, not retired), nearest station first by
   * straight-line (haversine) distance; units without a station, or every unit
   * when the occurrence has no point, come last in code order. Not routing.
   */
  async nearest(occurrenceId: string, access: AgencyAccess, query: { kind?: string; limit: number }) {
    const row = await this.prisma.occurrenceView.findUnique({ where: { occurrenceId } });
    const occurrence = reachableBy(row, access);
    if (!occurrence) return null;
    const candidates = await this.prisma.unit.findMany({
      where: { agencyId: occurrence.agencyId, retiredAt: null, status: { in: ['available', 'returning'] }, kind: query.kind },
      orderBy: [{ code: 'asc' }, { id: 'asc' }],
    });
    const busy = new Set(
      (await this.prisma.dispatch.findMany({ where: { unitId: { in: candidates.map((unit) => unit.id) }, active: true }, select: { unitId: true } })).map(
        (dispatch) => dispatch.unitId,
      ),
    );
    const point = occurrence.latitude === null || occurrence.longitude === null ? null : { latitude: occurrence.latitude, longitude: occurrence.longitude };
    const ranked = candidates
      .filter((unit) => !busy.has(unit.id))
      .map((unit) => {
        const station = stationOf(unit);
        return { unit: { ...toUnitSnapshot(asStored(unit)), currentDispatch: null }, distanceKm: point && station ? haversineKm(point, station) : null };
      })
      .sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity));
    return { occurrence: { id: occurrenceId, latitude: point?.latitude ?? null, longitude: point?.longitude ?? null }, data: ranked.slice(0, query.limit) };
  }

  private async withCurrentDispatch(units: StoredUnit[]): Promise<UnitView[]> {
    const active = await this.prisma.dispatch.findMany({
      where: { unitId: { in: units.map((unit) => unit.id) }, active: true },
      select: { id: true, occurrenceId: true, status: true, unitId: true },
    });
    const byUnit = new Map(active.map(({ unitId, ...dispatch }) => [unitId, dispatch]));
    return units.map((unit) => ({ ...toUnitSnapshot(unit), currentDispatch: byUnit.get(unit.id) ?? null }));
  }
}
