extension JobFailure: Error {}
