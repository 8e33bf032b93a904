// The two entry points the seed's files call (not shown in the seed).
package main

func launchV1() {}

func launchV2WithMetrics() {}
