//! GraphQL over HTTP by GET (the GraphQL Foundation's specification, "GET"): the request's
//! members as URL query parameters — `query` (the document), `variables` and `extensions`
//! (JSON objects, URL-encoded), `operationName`. Only queries run by GET: a mutation (or a
//! subscription) is HTTP 405 with `Allow: POST` ([`super::operation::selected`] tells).

/// The GraphQL request of a GET's query string. Errors (a message for a `BadUserInput`,
/// HTTP 400): a parameter given twice, `variables` or `extensions` that are not JSON objects,
/// no `query` (unless `extensions` holds an Apollo `persistedQuery`).
pub fn request_of(raw: Option<&str>) -> Result<async_graphql::Request, String> {
    let mut members = serde_json::Map::new();
    for (name, value) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let member = match name.as_ref() {
            "query" | "operationName" => serde_json::Value::String(value.into_owned()),
            "variables" | "extensions" if value.trim().is_empty() => continue,
            "variables" | "extensions" => match serde_json::from_str::<serde_json::Value>(&value) {
                Ok(object @ serde_json::Value::Object(_)) => object,
                Ok(serde_json::Value::Null) => continue,
                _ => {
                    return Err(format!(
                        "the `{name}` parameter must be a JSON object (URL-encoded)"
                    ))
                }
            },
            _ => continue,
        };
        if members.insert(name.clone().into_owned(), member).is_some() {
            return Err(format!("the `{name}` parameter is given more than once"));
        }
    }
    let persisted = members
        .get("extensions")
        .and_then(|e| e.get("persistedQuery"))
        .is_some();
    if !members.contains_key("query") && !persisted {
        return Err(
            "a GraphQL request by GET needs a `query` parameter (GET /graphql?query=…; GraphiQL is served to browsers, which ask for text/html)"
                .to_owned(),
        );
    }
    serde_json::from_value(serde_json::Value::Object(members))
        .map_err(|err| format!("the query string is not a GraphQL request: {err}"))
}
