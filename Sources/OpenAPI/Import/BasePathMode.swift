/// How an import applies the document's base path, as AWS `ImportRestApi`/`ImportApi`'s
/// `basepath` parameter. With a base path of `/a/b/c` and a path `/e`:
/// - ``ignore`` (the default): resources `/`, `/e`: the base path is dropped.
/// - ``prepend``: `/`, `/a`, `/a/b`, `/a/b/c`, `/a/b/c/e`: the base path becomes resources.
/// - ``split``: `/`, `/b`, `/b/c`, `/b/c/e`: the first segment (`/a`, usually served by a stage
///   or an API mapping) is dropped and the rest prepended.
public enum BasePathMode: String, Sendable, Hashable, CaseIterable, Codable {
    case ignore
    case prepend
    case split
}
