/** drift's reading of `terraform show -json`: the changed attribute paths, which changes count, the refreshed state, each change's words. */
import { describe, expect, it } from 'vitest';
import { changedPaths, describeChange, plannedChanges, priorResources } from '../../src/cli/drift/plan-json';

describe('changedPaths', () => {
  it('names the dotted path of each differing value, nothing for equal ones', () => {
    expect(changedPaths({ a: 1, b: 'x' }, { a: 1, b: 'x' }, undefined)).toEqual([]);
    expect(changedPaths({ a: 1, b: { c: 'x', d: 2 } }, { a: 2, b: { c: 'y', d: 2 } }, undefined)).toEqual(['a', 'b.c']);
    expect(changedPaths({ a: null }, { a: 'x' }, undefined)).toEqual(['a']);
    expect(changedPaths({ a: 'x' }, { a: '' }, undefined)).toEqual(['a']);
  });

  it('takes null, absent and the empty string for one another', () => {
    expect(changedPaths({ a: null, b: '', c: '' }, { b: null }, undefined)).toEqual([]);
  });

  it('counts a value unknown after the apply as changed, where the unknown marks have the shape of the value', () => {
    expect(changedPaths('x', 'x', true, 'arn')).toEqual(['arn']);
    expect(changedPaths({ a: 1, b: 1 }, { a: 1, b: 1 }, { b: true })).toEqual(['b']);
    expect(changedPaths({ a: [1, 2] }, { a: [1, 2] }, { a: [false, true] })).toEqual(['a']);
    expect(changedPaths({ a: [1] }, { a: [1] }, { a: false })).toEqual([]);
    expect(changedPaths({ 0: 'x' }, { 0: 'x' }, [true])).toEqual([]);
  });

  it('drops list indexes, compares lists to the longer one, and takes null for an empty list or block', () => {
    expect(changedPaths({ a: [{ b: 1 }, { b: 2 }] }, { a: [{ b: 1 }, { b: 3 }] }, undefined)).toEqual(['a.b']);
    expect(changedPaths({ a: [1, 2] }, { a: [1] }, undefined)).toEqual(['a']);
    expect(changedPaths({ a: null }, { a: [{ b: 1 }] }, undefined)).toEqual(['a.b']);
    expect(changedPaths({ a: null }, { a: [] }, undefined)).toEqual([]);
    expect(changedPaths({ a: [] }, { a: null }, undefined)).toEqual([]);
    expect(changedPaths({ a: null }, { a: { b: 1 } }, undefined)).toEqual(['a.b']);
  });
});

describe('plannedChanges', () => {
  it('keeps what would change, with the changed paths of an update only', () => {
    const change = (actions: string[], before: unknown = { a: 1 }, after: unknown = { a: 2 }) => ({
      address: `x.${actions.join('_')}`,
      change: { actions, before, after },
    });
    expect(
      plannedChanges({
        resource_changes: [
          change(['no-op']),
          change(['read']),
          change([]),
          change(['update']),
          change(['create']),
          change(['delete', 'create']),
        ],
      }),
    ).toEqual([
      { address: 'x.update', actions: ['update'], paths: ['a'] },
      { address: 'x.create', actions: ['create'], paths: [] },
      { address: 'x.delete_create', actions: ['delete', 'create'], paths: [] },
    ]);
    expect(plannedChanges({})).toEqual([]);
  });
});

describe('priorResources', () => {
  it("lists the refreshed state's root module, none when a level is missing", () => {
    const resources = [{ address: 'aws_s3_bucket.a', type: 'aws_s3_bucket', values: { bucket: 'a' } }];
    expect(priorResources({ prior_state: { values: { root_module: { resources } } } })).toEqual([
      { address: 'aws_s3_bucket.a', type: 'aws_s3_bucket', values: { bucket: 'a' } },
    ]);
    expect(priorResources({})).toEqual([]);
    expect(priorResources({ prior_state: {} })).toEqual([]);
    expect(priorResources({ prior_state: { values: {} } })).toEqual([]);
    expect(priorResources({ prior_state: { values: { root_module: {} } } })).toEqual([]);
  });
});

describe('describeChange', () => {
  it('says replace, update in place with its paths, or the actions joined', () => {
    const words = (actions: string[], paths: string[] = []) => describeChange({ address: 'aws_sqs_queue.q', actions, paths });
    expect(words(['delete', 'create'])).toBe('aws_sqs_queue.q would replace');
    expect(words(['create', 'delete'])).toBe('aws_sqs_queue.q would replace');
    expect(words(['update'], ['tags', 'policy.statement'])).toBe('aws_sqs_queue.q would update in place (tags, policy.statement)');
    expect(words(['update'])).toBe('aws_sqs_queue.q would update in place');
    expect(words(['delete'])).toBe('aws_sqs_queue.q would delete');
    expect(words(['create'])).toBe('aws_sqs_queue.q would create');
    expect(words(['forget', 'create'])).toBe('aws_sqs_queue.q would forget+create');
  });
});
