// main_v2.go
//go:build v2
// +build v2

package main

func main() { launchV2WithMetrics() }
