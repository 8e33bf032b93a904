package middleware

import (
	"context"
	"net/http"
)

func TraceMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		// 从Header提取traceID,生成带取消能力的子ctx
		traceID := r.Header.Get("X-Trace-ID")
		ctx, cancel := context.WithCancel(context.WithValue(ctx, "trace_id", traceID))
		defer cancel() // 防止goroutine泄漏
		r = r.WithContext(ctx)
		next.ServeHTTP(w, r)
	})
}
