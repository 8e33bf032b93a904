// main_stable.go
//go:build !v2
// +build !v2

package main

func main() { launchV1() }
