//! `customers`: one row per customer ever provisioned in an environment. Archived customers
//! keep their row (`archived_at` set, PII columns `name` and `email` NULL) so that their id
//! stays reserved. Billing information is never stored here.

use sea_orm::entity::prelude::*;
use sea_orm::ActiveValue;

use crate::case_fold::fold;

/// One customer row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    /// Internal id (Stigg's `Customer.id`, a UUID).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub environment_id: Uuid,
    /// The user-chosen id (Stigg's `customerId` / `refId`), unique per environment for ever.
    pub ref_id: String,
    /// PII: NULL once archived.
    pub name: Option<String>,
    /// PII (billing email): NULL once archived.
    pub email: Option<String>,
    /// Stigg's `additionalMetaData`: a JSON object.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub additional_meta_data: Option<Json>,
    pub billing_id: Option<String>,
    pub crm_id: Option<String>,
    pub salesforce_id: Option<String>,
    pub aws_marketplace_customer_id: Option<String>,
    /// [`crate::case_fold::fold`] of `ref_id`: what `iLike`/`notILike`/`searchQuery` compare.
    pub ref_id_folded: String,
    /// The fold of `name` (NULL with it: erased on archive like `name`).
    pub name_folded: Option<String>,
    /// The fold of `email` (NULL with it: erased on archive like `email`).
    pub email_folded: Option<String>,
    /// The fold of `billing_id`.
    pub billing_id_folded: Option<String>,
    /// The fold of `crm_id`.
    pub crm_id_folded: Option<String>,
    /// The fold of `salesforce_id`.
    pub salesforce_id_folded: Option<String>,
    /// The fold of `aws_marketplace_customer_id`.
    pub aws_marketplace_customer_id_folded: Option<String>,
    pub exclude_from_experiment: bool,
    /// The coupon the customer carries (`couponRefId`), if any.
    pub coupon_id: Option<Uuid>,
    /// When it got that coupon: its `durationInMonths` counts from here.
    pub coupon_attached_at: Option<ChronoDateTimeUtc>,
    /// The default payment method id an import gave (Stigg's `paymentMethodId`), as given.
    pub payment_method_id: Option<String>,
    /// UTC, millisecond precision.
    pub created_at: ChronoDateTimeUtc,
    /// UTC, millisecond precision.
    pub updated_at: ChronoDateTimeUtc,
    /// Stigg's `deletedAt`: set when archived.
    pub archived_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::environment::Entity",
        from = "Column::EnvironmentId",
        to = "super::environment::Column::Id"
    )]
    Environment,
}

impl Related<super::environment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Environment.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The row with every `*_folded` column recomputed from its text column.
    pub fn with_folded_text(mut self) -> Self {
        let fold_opt = |v: &Option<String>| v.as_deref().map(fold);
        self.ref_id_folded = fold(&self.ref_id);
        self.name_folded = fold_opt(&self.name);
        self.email_folded = fold_opt(&self.email);
        self.billing_id_folded = fold_opt(&self.billing_id);
        self.crm_id_folded = fold_opt(&self.crm_id);
        self.salesforce_id_folded = fold_opt(&self.salesforce_id);
        self.aws_marketplace_customer_id_folded = fold_opt(&self.aws_marketplace_customer_id);
        self
    }
}

impl ActiveModel {
    /// Sets the `*_folded` column of every text column this change sets, so a fold is written
    /// in the same statement as its text.
    pub fn fold_changed_text(&mut self) {
        fn refold(text: &ActiveValue<Option<String>>, folded: &mut ActiveValue<Option<String>>) {
            if let ActiveValue::Set(value) = text {
                *folded = ActiveValue::Set(value.as_deref().map(fold));
            }
        }
        if let ActiveValue::Set(value) = &self.ref_id {
            self.ref_id_folded = ActiveValue::Set(fold(value));
        }
        refold(&self.name, &mut self.name_folded);
        refold(&self.email, &mut self.email_folded);
        refold(&self.billing_id, &mut self.billing_id_folded);
        refold(&self.crm_id, &mut self.crm_id_folded);
        refold(&self.salesforce_id, &mut self.salesforce_id_folded);
        refold(
            &self.aws_marketplace_customer_id,
            &mut self.aws_marketplace_customer_id_folded,
        );
    }
}
