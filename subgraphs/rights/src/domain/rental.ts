const HOUR_MS = 60 * 60 * 1000;

/** A rental's two clocks: a window to press play, then a shorter window once playback started. */
export interface RentalClocks {
  startBy: Date | null;
  playWindowHours: number | null;
  firstPlayedAt: Date | null;
}

export function rentalExpiresAt(rental: RentalClocks): Date | null {
  if (rental.firstPlayedAt && rental.playWindowHours !== null) {
    return new Date(rental.firstPlayedAt.getTime() + rental.playWindowHours * HOUR_MS);
  }
  return rental.startBy;
}

export function rentalTerms(purchasedAt: Date, startWindowHours: number, playWindowHours: number) {
  return { startBy: new Date(purchasedAt.getTime() + startWindowHours * HOUR_MS), playWindowHours };
}
