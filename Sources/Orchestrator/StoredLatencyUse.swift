/// What a search does with a latency an earlier process of its run stored, met again while the
/// search is replayed from its seed.
enum StoredLatencyUse {
    /// Use the figure; teach the lesson (if any) once the batch's decisions are made.
    case figure(ScreeningLesson?)
    /// The first run decided the candidate lazily on this prediction here and measured it only
    /// once its accuracy made it a parent: do the same (the stored figure answers that measurement).
    case waitsForAccuracy(prediction: Double)
}
