package npd

// For the tests that hold the one-statement receipt to the engine.
const ReceiptRule = receiptRule

var LimitThresholds = limitThresholds
