import { DispatchActions } from '../src/components/dispatch-actions';
import { OccurrenceActionBar } from '../src/components/occurrence-action-bar';
import { aDispatch, anOccurrence } from './builders';
import { render, testIds } from './render';

describe('occurrence action bar', () => {
  it('when the occurrence is reported, then it offers start, dispatch and cancel but not resolve', () => {
    const ids = testIds(render(<OccurrenceActionBar occurrence={anOccurrence({ status: 'reported' })} />));
    expect(ids).toEqual(expect.arrayContaining(['action-start', 'action-dispatch', 'action-cancel']));
    expect(ids).not.toContain('action-resolve');
  });

  it('when the occurrence is in progress, then it offers resolve, dispatch and cancel but not start', () => {
    const ids = testIds(render(<OccurrenceActionBar occurrence={anOccurrence({ status: 'in_progress' })} />));
    expect(ids).toEqual(expect.arrayContaining(['action-resolve', 'action-dispatch', 'action-cancel']));
    expect(ids).not.toContain('action-start');
  });

  it.each(['resolved', 'cancelled'] as const)('when the occurrence is %s, then it offers no action and says why', (status) => {
    const html = render(<OccurrenceActionBar occurrence={anOccurrence({ status })} />);
    expect(testIds(html).filter((id) => id.startsWith('action-'))).toEqual([]);
    expect(html).toContain('Nenhuma ação disponível');
  });

  it('when the language is English, then the buttons are in English', () => {
    const html = render(<OccurrenceActionBar occurrence={anOccurrence({ status: 'reported' })} />, { language: 'en' });
    expect(html).toContain('Start response');
    expect(html).toContain('Cancel occurrence');
  });

  it('when nothing was pressed yet, then every action button is a real, enabled button', () => {
    const html = render(<OccurrenceActionBar occurrence={anOccurrence({ status: 'reported' })} />);
    expect(html).toMatch(/<button type="button" class="button button-primary" data-testid="action-start"(?![^>]*disabled)/);
  });
});

describe('dispatch actions', () => {
  it('when the unit is assigned, then it may go en route or straight on scene, or be closed', () => {
    const ids = testIds(render(<DispatchActions dispatch={aDispatch({ status: 'assigned' })} occurrenceId="o-1" />));
    expect(ids).toEqual(['action-en-route', 'action-on-scene', 'action-close-dispatch']);
  });

  it('when the unit is on scene, then it can only be closed', () => {
    const ids = testIds(render(<DispatchActions dispatch={aDispatch({ status: 'on_scene' })} occurrenceId="o-1" />));
    expect(ids).toEqual(['action-close-dispatch']);
  });

  it('when the dispatch is closed, then nothing is offered', () => {
    expect(render(<DispatchActions dispatch={aDispatch({ status: 'closed' })} occurrenceId="o-1" />)).toBe('');
  });
});
