// A mixer that crosses into C once per sample.
package dsp

/*
#include <stdint.h>
float  dsp_filter(float x);
short  dsp_clip(int x);
void   dsp_write_sample(void *dev, float *s);
double dsp_gain_db(double x);
*/
import "C"

import "unsafe"

type Sample float32

type Device struct{ h unsafe.Pointer }

// Filter calls C for every sample of the buffer.
func Filter(samples []float32) {
	for i, s := range samples {
		samples[i] = float32(C.dsp_filter(C.float(s))) // want `C\.dsp_filter is called once per element of samples: each cgo call costs tens of nanoseconds`
	}
}

// Clip indexes the buffer with a counter.
func Clip(mix []int32, out []int16) {
	for i := 0; i < len(mix); i++ {
		out[i] = int16(C.dsp_clip(C.int(mix[i]))) // want `C\.dsp_clip is called once per element of mix`
	}
}

// Write hands each sample's address to C.
func (d *Device) Write(frame []C.float) {
	for i := range frame {
		C.dsp_write_sample(d.h, &frame[i]) // want `C\.dsp_write_sample is called once per element of frame`
	}
}

// Gains of a named sample type, through an array.
func Gains(levels *[64]Sample) {
	for _, l := range levels {
		_ = C.dsp_gain_db(C.double(l)) // want `C\.dsp_gain_db is called once per element of levels`
	}
}
