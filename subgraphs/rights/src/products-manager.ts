/** What rights managers sell: packages, plans and offers. Every write is validated and emits its event. */
import { badInput, conflict, isUuid, notFound, readAuditRecords, recordAudit, recordEvent, type AuditActor, type AuditQuery } from '@tvstream/service-kit';
import { validateOffer, validatePackage, validatePlan, type OfferFields, type PackageFields, type PlanFields } from './domain/product-rules';
import type { Prisma, RightsDb } from './data/client';
import { bumpAccessVersion, PRODUCTS_VERSION_KEY } from './data/access-cache';
import { planInclusion } from './data/product-store';
import { TX_OPTIONS } from './access-manager';
import { offerChanged, packageDeleted, packageUpserted, planChanged } from './events/rights-events';

type PlanInput = PlanFields & { description?: string | null; billingPeriod: 'MONTH' | 'YEAR'; active?: boolean | null };
type OfferInput = OfferFields & { active?: boolean | null };

const packageData = (input: PackageFields) => ({
  name: input.name.trim(),
  description: input.description ?? '',
  free: input.free ?? false,
  titleIds: [...new Set(input.titleIds ?? [])],
  channelIds: [...new Set(input.channelIds ?? [])],
  genreSlugs: [...new Set(input.genreSlugs ?? [])],
});

const planData = (input: PlanInput) => ({
  name: input.name.trim(),
  description: input.description ?? '',
  priceAmount: input.price.amount,
  currency: input.price.currency,
  billingPeriod: input.billingPeriod,
  maxConcurrentStreams: input.maxConcurrentStreams,
  active: input.active ?? true,
});

const offerData = (input: OfferInput) => ({
  contentId: input.contentId,
  kind: input.kind,
  priceAmount: input.price.amount,
  currency: input.price.currency,
  startWindowHours: input.kind === 'RENT' ? (input.rentalStartWindowHours ?? null) : null,
  playWindowHours: input.kind === 'RENT' ? (input.rentalPlayWindowHours ?? null) : null,
  active: input.active ?? true,
});

const found = <T>(row: T | null, what: string, id: string): T => {
  if (!row) throw notFound(what, id);
  return row;
};
const checkedId = (id: string) => (isUuid(id) ? id : '00000000-0000-0000-0000-000000000000');

export class ProductsManager {
  constructor(private readonly db: RightsDb) {}

  /** Rights' part of the audit trail: rights managers' changes to packages, plans, offers and grants. */
  auditTrail(query: AuditQuery) {
    return readAuditRecords(this.db, query);
  }

  createPackage(input: PackageFields, actor: AuditActor) {
    validatePackage(input);
    return this.db.$transaction(async (tx) => {
      const pkg = await tx.package.create({ data: packageData(input) });
      await recordEvent(tx, packageUpserted(pkg));
      await recordAudit(tx, actor, { action: 'package.create', targetId: pkg.id, details: packageData(input) });
      await bumpAccessVersion(tx, PRODUCTS_VERSION_KEY);
      return pkg;
    }, TX_OPTIONS);
  }

  updatePackage(id: string, input: PackageFields, actor: AuditActor) {
    validatePackage(input);
    return this.db.$transaction(async (tx) => {
      found(await tx.package.findUnique({ where: { id: checkedId(id) } }), 'Package', id);
      const pkg = await tx.package.update({ where: { id }, data: { ...packageData(input), version: { increment: 1 } } });
      await recordEvent(tx, packageUpserted(pkg));
      await recordAudit(tx, actor, { action: 'package.update', targetId: pkg.id, details: packageData(input) });
      await bumpAccessVersion(tx, PRODUCTS_VERSION_KEY);
      return pkg;
    }, TX_OPTIONS);
  }

  deletePackage(id: string, actor: AuditActor) {
    return this.db.$transaction(async (tx) => {
      const pkg = found(await tx.package.findUnique({ where: { id: checkedId(id) }, include: { plans: true } }), 'Package', id);
      if (pkg.plans.length) throw conflict('A plan includes this package; remove it from the plan first', 'IN_USE');
      if (await tx.grant.count({ where: { packageId: id, revokedAt: null } })) throw conflict('A grant gives this package; revoke it first', 'IN_USE');
      await tx.package.delete({ where: { id } });
      await recordEvent(tx, packageDeleted(pkg));
      await recordAudit(tx, actor, { action: 'package.delete', targetId: id, details: { name: pkg.name } });
      await bumpAccessVersion(tx, PRODUCTS_VERSION_KEY);
      return id;
    }, TX_OPTIONS);
  }

  createPlan(input: PlanInput, actor: AuditActor) {
    validatePlan(input);
    return this.db.$transaction(async (tx) => {
      await this.requirePackages(tx, input.packageIds);
      const plan = await tx.plan.create({
        data: { ...planData(input), packages: { create: [...new Set(input.packageIds)].map((packageId) => ({ packageId })) } },
        include: planInclusion,
      });
      await recordEvent(tx, planChanged(plan));
      await recordAudit(tx, actor, { action: 'plan.create', targetId: plan.id, details: { ...planData(input), packageIds: input.packageIds } });
      await bumpAccessVersion(tx, PRODUCTS_VERSION_KEY);
      return plan;
    }, TX_OPTIONS);
  }

  updatePlan(id: string, input: PlanInput, actor: AuditActor) {
    validatePlan(input);
    return this.db.$transaction(async (tx) => {
      // The plan's row is locked first: two managers' updates apply one after the other, where interleaved
      // they would both clear its packages and then collide (or deadlock) adding theirs.
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "rights"."Plan" WHERE id = ${checkedId(id)}::uuid FOR UPDATE`;
      found(locked[0] ?? null, 'Plan', id);
      await this.requirePackages(tx, input.packageIds);
      await tx.planPackage.deleteMany({ where: { planId: id } });
      const plan = await tx.plan.update({
        where: { id },
        data: {
          ...planData(input),
          version: { increment: 1 },
          packages: { create: [...new Set(input.packageIds)].map((packageId) => ({ packageId })) },
        },
        include: planInclusion,
      });
      await recordEvent(tx, planChanged(plan));
      await recordAudit(tx, actor, { action: 'plan.update', targetId: plan.id, details: { ...planData(input), packageIds: input.packageIds } });
      await bumpAccessVersion(tx, PRODUCTS_VERSION_KEY);
      return plan;
    }, TX_OPTIONS);
  }

  deletePlan(id: string, actor: AuditActor) {
    return this.db.$transaction(async (tx) => {
      const plan = found(await tx.plan.findUnique({ where: { id: checkedId(id) }, include: planInclusion }), 'Plan', id);
      if (await tx.subscription.count({ where: { planId: id } })) throw conflict('Viewers subscribed to this plan; deactivate it instead', 'IN_USE');
      await tx.plan.delete({ where: { id } });
      await recordEvent(tx, planChanged(plan, true));
      await recordAudit(tx, actor, { action: 'plan.delete', targetId: id, details: { name: plan.name } });
      await bumpAccessVersion(tx, PRODUCTS_VERSION_KEY);
      return id;
    }, TX_OPTIONS);
  }

  createOffer(input: OfferInput, actor: AuditActor) {
    validateOffer(input);
    return this.db.$transaction(async (tx) => {
      const offer = await tx.offer.create({ data: offerData(input) });
      await recordEvent(tx, offerChanged(offer));
      await recordAudit(tx, actor, { action: 'offer.create', targetId: offer.id, details: offerData(input) });
      return offer;
    }, TX_OPTIONS);
  }

  updateOffer(id: string, input: OfferInput, actor: AuditActor) {
    validateOffer(input);
    return this.db.$transaction(async (tx) => {
      found(await tx.offer.findUnique({ where: { id: checkedId(id) } }), 'Offer', id);
      const offer = await tx.offer.update({ where: { id }, data: { ...offerData(input), version: { increment: 1 } } });
      await recordEvent(tx, offerChanged(offer));
      await recordAudit(tx, actor, { action: 'offer.update', targetId: offer.id, details: offerData(input) });
      return offer;
    }, TX_OPTIONS);
  }

  deleteOffer(id: string, actor: AuditActor) {
    return this.db.$transaction(async (tx) => {
      const offer = found(await tx.offer.findUnique({ where: { id: checkedId(id) } }), 'Offer', id);
      if (await tx.purchase.count({ where: { offerId: id } })) throw conflict('Viewers bought this offer; deactivate it instead', 'IN_USE');
      await tx.offer.delete({ where: { id } });
      await recordEvent(tx, offerChanged(offer, true));
      await recordAudit(tx, actor, { action: 'offer.delete', targetId: id, details: { contentId: offer.contentId, kind: offer.kind } });
      return id;
    }, TX_OPTIONS);
  }

  private async requirePackages(tx: Prisma.TransactionClient, ids: string[]) {
    const known = await tx.package.count({ where: { id: { in: ids } } });
    if (known !== new Set(ids).size) throw badInput('packageIds names a package that does not exist', [{ field: 'packageIds', message: 'unknown package' }]);
  }
}
