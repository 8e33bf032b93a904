package main

import (
	"log"
	"os"
	"os/signal"
	"syscall"
)

var reload = make(chan os.Signal)

func main() {
	stop := make(chan os.Signal)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM) // want "signal.Notify with unbuffered channel stop: a signal that arrives while nobody is receiving is dropped"
	signal.Notify(reload, syscall.SIGHUP)              // want "signal.Notify with unbuffered channel reload"
	for {
		select {
		case <-reload:
			log.Print("reloading")
		case <-stop:
			return
		}
	}
}
