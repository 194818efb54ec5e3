package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"xuezuo"
)

// mapErr turns driver errors into xuezuo errors once, here. Errors that are
// already *xuezuo.Error pass through.
func (s *Store) mapErr(err error) error {
	if err == nil {
		return nil
	}
	var xe *xuezuo.Error
	switch {
	case errors.As(err, &xe):
		return err
	case errors.Is(err, sql.ErrNoRows):
		return &xuezuo.Error{Code: xuezuo.ENotFound, Message: "记录不存在", Err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case s.d.uniqueViolation(err):
		return &xuezuo.Error{Code: xuezuo.EConflict, Message: "记录已存在，请勿重复提交", Err: err}
	case s.d.fkViolation(err):
		return &xuezuo.Error{Code: xuezuo.EConflict, Message: "关联的记录不存在或仍被引用", Err: err}
	}
	return &xuezuo.Error{Code: xuezuo.EInternal, Err: err}
}

// notFound maps sql.ErrNoRows to a zh-CN not-found error naming what.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return xuezuo.NotFound(what)
	}
	return fmt.Errorf("get %s: %w", what, err)
}
