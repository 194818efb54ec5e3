package member_test

import "context"

func ctxOf(v any) context.Context { return v.(context.Context) }
