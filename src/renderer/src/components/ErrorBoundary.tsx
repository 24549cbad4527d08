import { Component, type ErrorInfo, type ReactNode } from 'react'
import { AlertIcon } from './Icons'

interface ErrorBoundaryState {
  error: Error | null
}

/** A crash in a screen shows a way back instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null }

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Opt-Out Desk screen error', error, info.componentStack)
  }

  private readonly tryAgain = (): void => {
    this.setState({ error: null })
  }

  override render(): ReactNode {
    const { error } = this.state
    if (!error) return this.props.children
    return (
      <div className="crash-screen">
        <div className="crash-card" role="alert">
          <span className="crash-icon">
            <AlertIcon width={28} height={28} />
          </span>
          <h1>Something went wrong on this screen</h1>
          <p>
            Opt-Out Desk hit an unexpected problem while drawing this window. Your token and settings are
            safe. Try again, or reload the window if the problem comes back.
          </p>
          <p className="crash-detail mono">{error.message}</p>
          <div className="form-actions form-actions-center">
            <button type="button" className="button button-primary" onClick={this.tryAgain}>
              Try again
            </button>
            <button type="button" className="button" onClick={() => window.location.reload()}>
              Reload window
            </button>
          </div>
        </div>
      </div>
    )
  }
}
