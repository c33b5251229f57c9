//! Subscriptions that move on by themselves: `subscriptions.end_date` (when a cancelled
//! subscription ends; it stays ACTIVE until then) and `subscriptions.next_transition_at`, the
//! durable schedule the subscription worker reads (`ix_subscriptions_next_transition_at`): the
//! next instant at which the subscription's stored status is due to change (a future start,
//! a trial's end, a scheduled end), NULL when nothing is scheduled; and
//! `subscriptions.cancel_reason` (Stigg's `SubscriptionCancelReason`), and the coupon a
//! subscription was given (`appliedCoupon`): `subscriptions.coupon_id`, `coupon_applied_at`. Existing rows are
//! backfilled from their dates.

use sea_orm_migration::prelude::*;

/// Index the subscription worker reads: due transitions in time order.
pub const SUBSCRIPTION_SCHEDULE_INDEX: &str = "ix_subscriptions_next_transition_at";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Subscriptions {
    Table,
    EndDate,
    NextTransitionAt,
    CancelReason,
    CouponId,
    CouponAppliedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one column at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Subscriptions::Table)
                    .add_column(
                        ColumnDef::new(Subscriptions::EndDate)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Subscriptions::Table)
                    .add_column(
                        ColumnDef::new(Subscriptions::NextTransitionAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Subscriptions::Table)
                    .add_column(
                        ColumnDef::new(Subscriptions::CancelReason)
                            .string_len(32)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Subscriptions::Table)
                    .add_column(ColumnDef::new(Subscriptions::CouponId).uuid().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Subscriptions::Table)
                    .add_column(
                        ColumnDef::new(Subscriptions::CouponAppliedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE subscriptions SET next_transition_at = start_date WHERE status = 'NOT_STARTED'",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE subscriptions SET next_transition_at = trial_end_date \
             WHERE status = 'IN_TRIAL' AND trial_end_date IS NOT NULL",
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name(SUBSCRIPTION_SCHEDULE_INDEX)
                    .table(Subscriptions::Table)
                    .col(Subscriptions::NextTransitionAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(SUBSCRIPTION_SCHEDULE_INDEX)
                    .table(Subscriptions::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            Subscriptions::CouponAppliedAt,
            Subscriptions::CouponId,
            Subscriptions::CancelReason,
            Subscriptions::NextTransitionAt,
            Subscriptions::EndDate,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Subscriptions::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
