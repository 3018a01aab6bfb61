/**
 * Each optimizer's update rule as TeX, as its source file states it (PyTorch's documentation for the
 * torch.optim forms, UDL chapter 6 for the textbook ones); g is ∇L(θ), α the learning rate.
 */
export const UPDATE_RULES: Record<string, string> = {
  sgd: String.raw`m \leftarrow \mu m + (1-\tau)\,g,\quad \theta \leftarrow \theta - \alpha\,(m \text{ or } g + \mu m \text{ if Nesterov})`,
  adam: String.raw`m \leftarrow \beta_1 m + (1-\beta_1)g,\ v \leftarrow \beta_2 v + (1-\beta_2)g^2,\ \theta \leftarrow \theta - \alpha\,\frac{m/(1-\beta_1^t)}{\sqrt{v/(1-\beta_2^t)}+\epsilon}`,
  adamw: String.raw`\theta \leftarrow \theta(1-\alpha\lambda),\ \text{then Adam: } \theta \leftarrow \theta - \alpha\,\frac{\hat m}{\sqrt{\hat v}+\epsilon}`,
  amsgrad: String.raw`\hat v_{\max} \leftarrow \max(\hat v_{\max}, v),\ \theta \leftarrow \theta - \alpha\,\frac{\hat m}{\sqrt{\hat v_{\max}}+\epsilon}`,
  adagrad: String.raw`s \leftarrow s + g^2,\quad \theta \leftarrow \theta - \frac{\alpha}{1+(t-1)\eta}\,\frac{g}{\sqrt{s}+\epsilon}`,
  rmsprop: String.raw`v \leftarrow \alpha' v + (1-\alpha')g^2,\quad \theta \leftarrow \theta - \alpha\,\frac{g}{\sqrt{v}+\epsilon}`,
  adadelta: String.raw`v \leftarrow \rho v + (1-\rho)g^2,\ \Delta = \frac{\sqrt{u+\epsilon}}{\sqrt{v+\epsilon}}\,g,\ u \leftarrow \rho u + (1-\rho)\Delta^2,\ \theta \leftarrow \theta - \alpha\Delta`,
  adamax: String.raw`m \leftarrow \beta_1 m + (1-\beta_1)g,\ u \leftarrow \max(\beta_2 u, |g|+\epsilon),\ \theta \leftarrow \theta - \frac{\alpha}{1-\beta_1^t}\,\frac{m}{u}`,
  nadam: String.raw`\mu_t = \beta_1(1-\tfrac12 0.96^{t\psi}),\ \theta \leftarrow \theta - \alpha\Big(\frac{\mu_{t+1} m}{1-\prod\mu} + \frac{(1-\mu_t) g}{1-\prod\mu}\Big)\Big/\big(\sqrt{\hat v}+\epsilon\big)`,
  radam: String.raw`\rho_t = \rho_\infty - \frac{2t\beta_2^t}{1-\beta_2^t},\ \theta \leftarrow \theta - \alpha\,\hat m\,(r_t/\sqrt{\hat v} \text{ if } \rho_t > 5 \text{ else } 1)`,
  yogi: String.raw`v \leftarrow v - (1-\beta_2)\,\operatorname{sign}(v-g^2)\,g^2,\quad \theta \leftarrow \theta - \alpha\,\frac{\hat m}{\sqrt{v}+\epsilon}`,
  lbfgs: String.raw`d = -H_k g \text{ (two-loop recursion over the last } m \text{ pairs } s, y),\quad \theta \leftarrow \theta + \alpha d`,
  nesterov: String.raw`m \leftarrow \beta m + (1-\beta)\,\nabla L(\theta - \alpha\beta m),\quad \theta \leftarrow \theta - \alpha m`,
  normalizedGd: String.raw`\theta \leftarrow \theta - \alpha\,\frac{g}{\sqrt{g^2}+\epsilon}`,
  gd: String.raw`\theta \leftarrow \theta - \alpha^* g,\quad \alpha^* \text{ from the line search (or } \alpha)`,
  newton: String.raw`\theta \leftarrow \theta - \alpha\,(\nabla^2 L + \lambda I)^{-1} g`,
};
