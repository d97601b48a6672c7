"""English and Korean text of the explain command, merged into neuroncli.messages.MESSAGES.

Formulas use the notation of a deep-learning course: x and w are column vectors, xᵀw is
their dot product, x∘w the element-wise (Hadamard) product, and [l] marks layer l.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # Help text.
    "explain.help": {
        "en": "Show step by step how one row of DATA is computed. For one neuron that is the "
              "input vector x, the weights w, the products x∘w, the dot product xᵀw, z and a. "
              "For a network it is every layer, with its matrix shapes.\n\n"
              "z, a and the loss are shown with every digit and are exactly the numbers that "
              "eval writes for the row. The whole file is read, in chunks, to count its rows.",
        "ko": "DATA의 한 행이 어떻게 계산되는지 단계별로 보여 줍니다. 뉴런 하나라면 입력 "
              "벡터 x, 가중치 w, 원소별 곱 x∘w, 내적 xᵀw, z, a 를, 신경망이라면 층마다 행렬 "
              "크기와 함께 보여 줍니다.\n\n"
              "z, a, 손실은 모든 자릿수를 보여 주며, eval이 그 행에 쓰는 값과 정확히 같습니다. "
              "행 수를 세려고 파일 전체를 조금씩 나누어 읽습니다.",
    },
    "explain.help.row": {
        "en": "The data row to explain, counted from 1 as in the 'row' column of eval.",
        "ko": "설명할 데이터 행 번호. eval 출력의 'row' 열처럼 1부터 셉니다.",
    },
    "explain.help.precision": {
        "en": "Significant digits of the rounded products and exponentials. x, w, b, z, a and "
              "the loss always keep every digit.",
        "ko": "반올림해 보여 줄 곱과 지수 값의 유효 자릿수. x, w, b, z, a, 손실은 언제나 모든 "
              "자릿수를 보여 줍니다.",
    },
    "explain.help.target": {
        "en": "Column with the expected output: shows the loss of the row and which loss "
              "function gives it. Class names from \"outputs\", class indices or 0/1.",
        "ko": "정답이 든 열. 그 행의 손실과 어떤 손실 함수로 계산했는지 보여 줍니다. "
              "\"outputs\"의 클래스 이름, 클래스 번호, 또는 0/1 을 씁니다.",
    },
    "explain.help.id_column": {
        "en": "Column whose value identifies the row at the top of the output (repeatable).",
        "ko": "출력 맨 위에 행을 구별하는 값으로 보여 줄 열 (여러 번 쓸 수 있음).",
    },
    # Errors.
    "explain.row_out_of_range": {
        "en": "row {row} is out of range: the file has {rows} data rows",
        "ko": "{row}행은 범위를 벗어났습니다. 이 파일의 데이터 행은 {rows}개입니다",
    },
    "explain.hint.row_range": {
        "en": "choose --row from 1 to {rows}, counted as in the 'row' column of eval",
        "ko": "--row 는 1부터 {rows} 사이에서 고르세요. 행 번호는 eval 출력의 'row' 열과 "
              "같습니다",
    },
    "explain.no_rows": {
        "en": "the file has no data rows, so there is no row {row} to explain",
        "ko": "파일에 데이터 행이 없어 {row}행을 설명할 수 없습니다",
    },
    "explain.hint.no_rows": {
        "en": "check that the file has data below its header line",
        "ko": "머리글 줄 아래에 데이터가 있는지 확인하세요",
    },
    # Heading.
    "explain.heading.row": {
        "en": "Row {row} of {rows} in {path} (line {line})",
        "ko": "{path}의 {rows}개 행 중 {row}행 ({line}번째 줄)",
    },
    "explain.heading.ids": {
        "en": "identified by {ids}",
        "ko": "식별 열: {ids}",
    },
    "explain.heading.neuron": {
        "en": "One neuron with {inputs} inputs: z = xᵀw + b, a = g(z)",
        "ko": "입력이 {inputs}개인 뉴런 하나: z = xᵀw + b, a = g(z)",
    },
    "explain.heading.layer": {
        "en": "One layer with {inputs} inputs and {units} units: a[0] = x, "
              "z[1] = a[0] W[1] + b[1], a[1] = g(z[1])",
        "ko": "입력 {inputs}개, 유닛 {units}개인 층 하나: a[0] = x, "
              "z[1] = a[0] W[1] + b[1], a[1] = g(z[1])",
    },
    "explain.heading.network": {
        "en": "A network of {layers} layers (sizes {sizes}): a[0] = x, "
              "z[l] = a[l-1] W[l] + b[l], a[l] = g(z[l])",
        "ko": "층이 {layers}개인 신경망 (크기 {sizes}): a[0] = x, "
              "z[l] = a[l-1] W[l] + b[l], a[l] = g(z[l])",
    },
    "explain.step": {"en": "Step {number}. {title}", "ko": "{number}단계. {title}"},
    # Step titles.
    "explain.title.input": {"en": "Input vector x", "ko": "입력 벡터 x"},
    "explain.title.weights": {"en": "Weights w", "ko": "가중치 w"},
    "explain.title.products": {
        "en": "Element-wise products x∘w (Hadamard product)",
        "ko": "원소별 곱 x∘w (아다마르 곱)",
    },
    "explain.title.dot": {
        "en": "Dot product xᵀw: the sum of the products",
        "ko": "내적 xᵀw: 곱을 모두 더한 값",
    },
    "explain.title.bias": {"en": "Add the bias b to get z", "ko": "편향 b를 더하면 z"},
    "explain.title.activation": {
        "en": "Activation function g: {name}",
        "ko": "활성화 함수 g: {name}",
    },
    "explain.title.batch": {
        "en": "All rows at once: the mini-batch",
        "ko": "모든 행을 한 번에: 미니배치",
    },
    "explain.title.shape": {
        "en": "Layer {layer} of {layers}: the mini-batch product",
        "ko": "{layer}번째 층 ({layers}개 층 중): 미니배치 행렬 곱",
    },
    "explain.title.layer_input": {
        "en": "Layer {layer}: input vector {vector}",
        "ko": "{layer}번째 층: 입력 벡터 {vector}",
    },
    "explain.title.affine": {
        "en": "Layer {layer}: z[{layer}] = a[{previous}] W[{layer}] + b[{layer}]",
        "ko": "{layer}번째 층: z[{layer}] = a[{previous}] W[{layer}] + b[{layer}]",
    },
    "explain.title.layer_activation": {
        "en": "Layer {layer}: activation function {name}",
        "ko": "{layer}번째 층: 활성화 함수 {name}",
    },
    "explain.title.softmax": {
        "en": "Layer {layer}: {name} normalization",
        "ko": "{layer}번째 층: {name} 정규화",
    },
    "explain.title.prediction": {"en": "Prediction", "ko": "예측"},
    "explain.title.loss": {
        "en": "Loss against the target column '{column}'",
        "ko": "정답 열 '{column}'에 대한 손실",
    },
    # Table headers.
    "explain.col.feature": {"en": "feature", "ko": "특성"},
    "explain.col.unit": {"en": "unit j", "ko": "유닛 j"},
    "explain.col.rounded": {
        "en": "= ({precision} significant digits)",
        "ko": "= (유효숫자 {precision}자리)",
    },
    "explain.col.exp": {
        "en": "exp(z_j − max) ({precision} significant digits)",
        "ko": "exp(z_j − max) (유효숫자 {precision}자리)",
    },
    # Lines of the single-neuron steps.
    "explain.dot.rounded": {
        "en": "sum of the rounded products: {terms} = {total}",
        "ko": "반올림한 곱의 합: {terms} = {total}",
    },
    "explain.dot.note": {
        "en": "This sum differs from xᵀw only because each product above is rounded to "
              "{precision} significant digits. z is computed from the unrounded products.",
        "ko": "이 합이 xᵀw와 조금 다른 것은 위의 곱을 유효숫자 {precision}자리로 반올림했기 "
              "때문일 뿐입니다. z는 반올림하지 않은 곱으로 계산합니다.",
    },
    "explain.dot.not_finite": {
        "en": "A product is NaN or infinite, so no rounded sum is shown.",
        "ko": "곱 가운데 NaN이나 무한대가 있어 반올림한 합은 보여 주지 않습니다.",
    },
    "explain.activation.formula": {"en": "formula: {formula}", "ko": "식: {formula}"},
    "explain.activation.params": {"en": "parameters: {params}", "ko": "매개변수: {params}"},
    "explain.batch.product": {
        "en": "eval computes all {rows} rows together: z = Xw + b, "
              "({rows} × {inputs})({inputs} × 1) + b → ({rows} × 1)",
        "ko": "eval은 {rows}개 행을 한꺼번에 계산합니다: z = Xw + b, "
              "({rows} × {inputs})({inputs} × 1) + b → ({rows} × 1)",
    },
    "explain.batch.row": {
        "en": "Row {row} is one of these rows, and its z and a are the values above.",
        "ko": "{row}행은 그중 한 행이며, z와 a는 위에서 구한 값과 같습니다.",
    },
    # Lines of the layer steps.
    "explain.shape.data": {
        "en": "A[0] = X: the feature columns of the file, one row per example",
        "ko": "A[0] = X: 파일의 특성 열 (한 행이 예제 하나)",
    },
    "explain.shape.sizes": {
        "en": "({rows} × {inputs})({inputs} × {units}) + (1 × {units}) → ({rows} × {units}): "
              "{rows} rows, {inputs} inputs, {units} units, and b is added to every row "
              "(broadcasting)",
        "ko": "({rows} × {inputs})({inputs} × {units}) + (1 × {units}) → ({rows} × {units}): "
              "행 {rows}개, 입력 {inputs}개, 유닛 {units}개. b는 모든 행에 더합니다 "
              "(브로드캐스팅)",
    },
    "explain.shape.activation": {
        "en": "then A[{layer}] = g(Z[{layer}]) with g = {name}",
        "ko": "그다음 A[{layer}] = g(Z[{layer}]), 활성화 함수 g = {name}",
    },
    "explain.shape.row": {
        "en": "The next steps follow row {row} alone: one row of each matrix.",
        "ko": "이어지는 단계에서는 각 행렬 가운데 {row}행 하나만 따라갑니다.",
    },
    "explain.affine.formula": {
        "en": "for each unit j: z_j = Σ_i a[{previous}]_i W[{layer}]_ij + b[{layer}]_j",
        "ko": "유닛 j마다: z_j = Σ_i a[{previous}]_i W[{layer}]_ij + b[{layer}]_j",
    },
    "explain.softmax.shift": {
        "en": "First subtract the largest z (max_k z_k = {shift}): the result does not change, "
              "and exp cannot overflow.",
        "ko": "먼저 가장 큰 z를 뺍니다 (max_k z_k = {shift}). 이렇게 해도 결과는 같고, "
              "exp가 오버플로하지 않습니다.",
    },
    "explain.softmax.sum": {
        "en": "Σ_k exp(z_k − max) = {total} ({precision} significant digits)",
        "ko": "Σ_k exp(z_k − max) = {total} (유효숫자 {precision}자리)",
    },
    # Prediction.
    "explain.prediction.threshold": {
        "en": "a = {score} {relation} 0.5, so the predicted class is {name}.",
        "ko": "a = {score} {relation} 0.5입니다. 따라서 예측 클래스는 {name}입니다.",
    },
    "explain.prediction.largest_z": {
        "en": "The largest z is z_{unit} = {score}, so the predicted class is {name} "
              "(unit {index}).",
        "ko": "가장 큰 z는 z_{unit} = {score}입니다. 따라서 예측 클래스는 {name} "
              "(유닛 {index})입니다.",
    },
    "explain.prediction.largest_a": {
        "en": "The largest a is a_{unit} = {score}, so the predicted class is {name} "
              "(unit {index}).",
        "ko": "가장 큰 a는 a_{unit} = {score}입니다. 따라서 예측 클래스는 {name} "
              "(유닛 {index})입니다.",
    },
    # Loss.
    "explain.loss.name": {"en": "loss: {loss} ({name})", "ko": "손실 함수: {loss} ({name})"},
    "explain.loss.long.mse": {"en": "mean squared error", "ko": "평균 제곱 오차"},
    "explain.loss.long.mae": {"en": "mean absolute error", "ko": "평균 절대 오차"},
    "explain.loss.long.bce": {"en": "binary cross-entropy", "ko": "이진 교차 엔트로피"},
    "explain.loss.long.cce": {"en": "categorical cross-entropy", "ko": "범주형 교차 엔트로피"},
    "explain.loss.formula.mse": {
        "en": "L = (1/m) Σ_j (a_j − t_j)², where m = {units} is the number of output units",
        "ko": "L = (1/m) Σ_j (a_j − t_j)², 출력 유닛 m = {units}개에 대한 평균",
    },
    "explain.loss.formula.mae": {
        "en": "L = (1/m) Σ_j |a_j − t_j|, where m = {units} is the number of output units",
        "ko": "L = (1/m) Σ_j |a_j − t_j|, 출력 유닛 m = {units}개에 대한 평균",
    },
    "explain.loss.formula.bce": {
        "en": "L = −(y log a + (1 − y) log(1 − a)), with a kept within [ε, 1 − ε], "
              "ε = {epsilon}",
        "ko": "L = −(y log a + (1 − y) log(1 − a)). a는 [ε, 1 − ε] 안으로 자릅니다 "
              "(ε = {epsilon})",
    },
    "explain.loss.formula.bce_logits": {
        "en": "L = −(y log a + (1 − y) log(1 − a)), computed from z as softplus(−z) for "
              "y = 1 and softplus(z) for y = 0, which stays exact for large |z|",
        "ko": "L = −(y log a + (1 − y) log(1 − a)). z에서 바로 계산합니다: y = 1 이면 "
              "softplus(−z), y = 0 이면 softplus(z). |z|가 커도 정확합니다",
    },
    "explain.loss.formula.cce": {
        "en": "L = −log a_y, with a_y at least ε = {epsilon}",
        "ko": "L = −log a_y. a_y는 ε = {epsilon} 보다 작아지지 않게 자릅니다",
    },
    "explain.loss.formula.cce_logits": {
        "en": "L = −log a_y = log Σ_k exp(z_k) − z_y, computed from z with log-sum-exp",
        "ko": "L = −log a_y = log Σ_k exp(z_k) − z_y. log-sum-exp로 z에서 바로 계산합니다",
    },
    "explain.loss.class_target": {
        "en": "target '{text}' → y = class {index} ({name})",
        "ko": "정답 '{text}' → y = 클래스 {index} ({name})",
    },
    "explain.loss.one_hot_target": {
        "en": "target '{text}' → class {index} ({name}), one-hot t = ({values})",
        "ko": "정답 '{text}' → 클래스 {index} ({name}), 원-핫 벡터 t = ({values})",
    },
    "explain.loss.value_target": {
        "en": "target '{text}' → t = ({values})",
        "ko": "정답 '{text}' → t = ({values})",
    },
}
