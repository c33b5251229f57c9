//! Stigg `sdkConfiguration`: what an SDK reads at start-up to check its key (the Node server
//! SDK "currently [doesn't] use anything from the response, just checking if the SDK API key
//! is valid": `@stigg/node-server-sdk` 3.95.0 `client.js` `initializeSdk`), also served at the
//! edge path `GET /v1/config/server-sdk-configuration.json` (`crate::http`).

use async_graphql::{Context, Object, Result};

use super::stigg::objects::SdkConfiguration;
use super::RequestContext;

/// The `sdkConfiguration` query.
#[derive(Default)]
pub struct SdkConfigurationQuery;

#[Object]
impl SdkConfigurationQuery {
    /// Stigg `sdkConfiguration` for the key's environment: `sentryDsn` null (plangate reports
    /// to no Sentry project), `isWidgetWatermarkEnabled` and `showWatermark` false (plangate
    /// serves no widgets, so there is no watermark to show). Errors: none beyond
    /// authentication (`Unauthenticated`, HTTP 401, before execution).
    #[graphql(name = "sdkConfiguration")]
    async fn sdk_configuration(&self, ctx: &Context<'_>) -> Result<Option<SdkConfiguration>> {
        ctx.data::<RequestContext>()?;
        Ok(Some(SdkConfiguration {
            is_widget_watermark_enabled: Some(false),
            sentry_dsn: None,
            show_watermark: Some(false),
        }))
    }
}
