import type { Prisma, RightsDb } from './client';

const planInclude = { packages: { select: { packageId: true } } } satisfies Prisma.PlanInclude;
export type PlanRecord = Prisma.PlanGetPayload<{ include: typeof planInclude }>;

/** Reads of what is sold: packages, plans and offers. Writes go through the products manager. */
export class ProductStore {
  constructor(private readonly db: RightsDb) {}

  packages() {
    return this.db.package.findMany({ orderBy: { name: 'asc' } });
  }

  packagesByIds(ids: readonly string[]) {
    return this.db.package.findMany({ where: { id: { in: [...ids] } } });
  }

  plans(includeInactive: boolean) {
    return this.db.plan.findMany({
      where: includeInactive ? {} : { active: true },
      include: planInclude,
      orderBy: [{ priceAmount: 'asc' }, { name: 'asc' }],
    });
  }

  plansByIds(ids: readonly string[]) {
    return this.db.plan.findMany({ where: { id: { in: [...ids] } }, include: planInclude });
  }

  offersFor(contentIds: readonly string[], includeInactive = false) {
    return this.db.offer.findMany({
      where: { contentId: { in: [...contentIds] }, ...(includeInactive ? {} : { active: true }) },
      orderBy: [{ kind: 'desc' }, { priceAmount: 'asc' }],
    });
  }

  offersByIds(ids: readonly string[]) {
    return this.db.offer.findMany({ where: { id: { in: [...ids] } } });
  }
}

export const planInclusion = planInclude;
