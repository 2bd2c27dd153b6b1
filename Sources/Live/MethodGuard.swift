import Hummingbird

/// Answers 405 (with `Allow`) for a known path asked with another method than GET or HEAD, so a
/// POST to `/metrics` is told what is allowed instead of "not found".
struct MethodGuard<Context: RequestContext>: RouterMiddleware {
    let paths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if paths.contains(request.uri.path), request.method != .get, request.method != .head {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        return try await next(request, context)
    }
}
