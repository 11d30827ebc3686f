import type { Interceptor, ReplyFnResult } from 'nock';

/** Answers what `interceptor` matches with `answer()` and counts the requests that reached it (e.g. "the lender was called once"). */
export function countCalls(interceptor: Interceptor, answer: () => ReplyFnResult): { readonly calls: number } {
  const counter = { calls: 0 };
  interceptor.reply(() => {
    counter.calls++;
    return answer();
  });
  return counter;
}
