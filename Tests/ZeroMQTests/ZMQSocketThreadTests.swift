import Glibc
import Testing
import ZeroMQ

@Suite("ZMQSocketThread event loop", .timeLimit(.minutes(1)))
struct ZMQSocketThreadTests {
    @Test func handlerRepliesThroughTheBorrowedSocket() async throws {
        let context = try ZMQContext()
        let router = try ZMQSocket(context: context, type: .router)
        let endpoint = try router.bind("tcp://127.0.0.1:*")
        let loop = try ZMQSocketThread(socket: router, handler: EchoHandler())

        let client = try ZMQSocket(context: context, type: .dealer)
        try client.setReceiveTimeout(milliseconds: testReceiveTimeoutMilliseconds)
        try client.connect(endpoint)
        try client.send([Array("hi".utf8), [], [0, 1]])
        #expect(try client.receive() == [Array("echo".utf8), Array("hi".utf8), [], [0, 1]])
        try client.send([[42]])
        #expect(try client.receive() == [Array("echo".utf8), [42]])

        #expect(await loop.withHandler { handler, _ in handler.received } == 2)
        loop.stop()
        await loop.finished()
    }

    @Test func sendsFromManyConcurrentTasksAllArriveInOrder() async throws {
        let context = try ZMQContext()
        let router = try ZMQSocket(context: context, type: .router)
        let endpoint = try router.bind("tcp://127.0.0.1:*")
        let (summaries, report) = AsyncStream.makeStream(of: SequenceCheckingHandler.Summary.self)
        let receiver = try ZMQSocketThread(socket: router, handler: SequenceCheckingHandler(report: report))

        let dealer = try ZMQSocket(context: context, type: .dealer)
        try dealer.connect(endpoint)
        let sender = try ZMQSocketThread(socket: dealer, handler: SilentHandler())

        let senders = 8
        let perSender = 1250
        let accepted = await withTaskGroup(of: Int.self) { group in
            for task in 0..<senders {
                group.addTask {
                    var accepted = 0
                    for sequence in 0..<perSender
                    where sender.send(SequenceCheckingHandler.message(sender: UInt8(task), sequence: sequence)) {
                        accepted += 1
                    }
                    return accepted
                }
            }
            return await group.reduce(0, +)
        }
        #expect(accepted == senders * perSender)
        // Posted after every task finished, so it leaves (and arrives) after all of them.
        #expect(sender.send([SequenceCheckingHandler.endMarker]))

        var iterator = summaries.makeAsyncIterator()
        let summary = try #require(await iterator.next())
        #expect(summary.total == senders * perSender)
        #expect(summary.perSender == Dictionary(uniqueKeysWithValues: (0..<senders).map { ($0, perSender) }))
        #expect(summary.outOfOrder == 0)
        #expect(summary.malformed == 0)

        sender.stop()
        receiver.stop()
        await sender.finished()
        await receiver.finished()
    }

    @Test func postedWorkRunsOnceInPostingOrderOnTheLoop() async throws {
        let context = try ZMQContext()
        let dealer = try ZMQSocket(context: context, type: .dealer)
        let loop = try ZMQSocketThread(socket: dealer, handler: SilentHandler())

        let socketPosts = Counter()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<500 {
                        loop.postToHandler { handler, _ in handler.record(sender: task, index: index) }
                        loop.post { socket in
                            if socket.type == .dealer { socketPosts.increment() }
                        }
                    }
                }
            }
        }
        let log = try #require(await loop.withHandler { handler, _ in handler.log.map { [$0.sender, $0.index] } })
        #expect(log.count == 8 * 500)
        for task in 0..<8 {
            #expect(log.filter { $0[0] == task }.map { $0[1] } == Array(0..<500))
        }
        // withHandler ran after every earlier post, so all socket posts are done too.
        #expect(socketPosts.count == 8 * 500)
        loop.stop()
        await loop.finished()
    }

    @Test func stopSaysGoodbyeOnceAndTheThreadExits() async throws {
        let context = try ZMQContext()
        let router = try ZMQSocket(context: context, type: .router)
        let endpoint = try router.bind("tcp://127.0.0.1:*")
        let stoppingCalls = Counter()
        let loop = try ZMQSocketThread(socket: router, handler: EchoHandler(stoppingCalls: stoppingCalls))

        let client = try ZMQSocket(context: context, type: .dealer)
        try client.setReceiveTimeout(milliseconds: testReceiveTimeoutMilliseconds)
        try client.connect(endpoint)
        try client.send([Array("hello".utf8)])
        #expect(try client.receive() == [Array("echo".utf8), Array("hello".utf8)])

        loop.stop()
        await loop.finished()
        #expect(loop.isFinished)
        #expect(stoppingCalls.count == 1)
        // The goodbye sent from stopping(on:) went out before the socket closed.
        #expect(try client.receive() == [Array("bye".utf8)])

        loop.stop()
        loop.join()
        #expect(stoppingCalls.count == 1)
        #expect(loop.post { _ in Issue.record("work ran after stop") } == false)
        #expect(loop.send([[1]]) == false)
        #expect(await loop.withHandler { handler, _ in handler.received } == nil)
    }

    @Test func joinWaitsForTheLoopToExit() throws {
        let context = try ZMQContext()
        let pull = try ZMQSocket(context: context, type: .pull)
        let stoppingCalls = Counter()
        let loop = try ZMQSocketThread(socket: pull, handler: EchoHandler(stoppingCalls: stoppingCalls))
        #expect(!loop.isFinished)
        loop.stop()
        loop.join()
        #expect(loop.isFinished)
        #expect(stoppingCalls.count == 1)
    }

    @Test func droppingTheLastReferenceStopsTheLoop() async throws {
        let context = try ZMQContext()
        let pull = try ZMQSocket(context: context, type: .pull)
        let (events, continuation) = AsyncStream.makeStream(of: EventHandler.Event.self)
        do {
            let loop = try ZMQSocketThread(socket: pull, handler: EventHandler(events: continuation))
            #expect(!loop.isFinished)
        }
        var sawStopping = false
        for await event in events {
            if case .stopping = event { sawStopping = true }
        }
        #expect(sawStopping)
    }

    @Test func tickFiresRepeatedly() async throws {
        let context = try ZMQContext()
        let pull = try ZMQSocket(context: context, type: .pull)
        let (events, continuation) = AsyncStream.makeStream(of: EventHandler.Event.self)
        let loop = try ZMQSocketThread(
            socket: pull, handler: EventHandler(events: continuation), tickInterval: .milliseconds(5))

        var ticks: [ContinuousClock.Instant] = []
        for await event in events {
            if case .tick(let now) = event { ticks.append(now) }
            if ticks.count == 3 { break }
        }
        #expect(ticks.count == 3)
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0 < $1 })
        loop.stop()
        await loop.finished()
    }

    @Test func socketErrorsReachTheHandlerAndTheLoopSurvives() async throws {
        let context = try ZMQContext()
        let router = try ZMQSocket(context: context, type: .router)
        try router.setRouterMandatory(true)
        let endpoint = try router.bind("tcp://127.0.0.1:*")
        let (events, continuation) = AsyncStream.makeStream(of: EventHandler.Event.self)
        let loop = try ZMQSocketThread(
            socket: router, handler: EventHandler(events: continuation), tickInterval: .seconds(60))
        var iterator = events.makeAsyncIterator()

        #expect(loop.send([Array("nobody".utf8), [1]]))
        guard case .failed(let error) = await iterator.next() else {
            Issue.record("expected a failure event")
            return
        }
        #expect(error.code == EHOSTUNREACH)

        // Still serving: a real peer's message comes through afterwards.
        let client = try ZMQSocket(context: context, type: .dealer)
        try client.setRoutingID(Array("peer".utf8))
        try client.connect(endpoint)
        try client.send([Array("still there?".utf8)])
        guard case .received(let frames) = await iterator.next() else {
            Issue.record("expected the peer's message")
            return
        }
        #expect(frames == [Array("peer".utf8), Array("still there?".utf8)])
        loop.stop()
        await loop.finished()
    }

    @Test func invalidTickIntervalIsRefused() throws {
        let context = try ZMQContext()
        let pull = try ZMQSocket(context: context, type: .pull)
        do {
            _ = try ZMQSocketThread(socket: pull, handler: SilentHandler(), tickInterval: .zero)
            Issue.record("a zero tick interval was accepted")
        } catch {
            #expect(error.code == EINVAL)
            #expect(error.message.contains("tickInterval"))
        }
    }
}
