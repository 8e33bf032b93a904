// Seed 003, §4.1: the statement wrapped in a function; the interceptor packages
// are the usual go-grpc-middleware ones (imports added).
package server

import (
	grpc_middleware "github.com/grpc-ecosystem/go-grpc-middleware"
	"google.golang.org/grpc"

	"example.com/interceptors/auth"
	"example.com/interceptors/metrics"
	"example.com/interceptors/tracing"
)

func newServer() *grpc.Server {
	// 注册链式中间件,顺序敏感
	server := grpc.NewServer(
		grpc.UnaryInterceptor(
			grpc_middleware.ChainUnaryServer(
				auth.UnaryServerInterceptor(),    // 认证
				metrics.UnaryServerInterceptor(), // 指标埋点
				tracing.UnaryServerInterceptor(), // 分布式追踪
			),
		),
	)
	return server
}
