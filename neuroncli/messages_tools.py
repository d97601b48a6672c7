"""English and Korean text of ``activations``, ``init-params`` and the ``--plot`` module.

Merged into neuroncli.messages.MESSAGES. The English of every ``activations.convention.*`` and
``activations.range.*`` entry is the registry's own text, and a test checks that they stay equal,
so a changed registry entry shows up as a Korean text to update. An
``activations.formula.<name>`` entry, if added, works the same way.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # neuroncli activations ------------------------------------------------------------------
    "activations.help": {
        "en": "List every activation function: formula, output range, parameters with their "
              "defaults, aliases, and the framework convention it follows.\n\n"
              "Use a name with eval's --activation, or in a parameter file's \"activation\".",
        "ko": "쓸 수 있는 활성화 함수를 모두 보여 줍니다. 수식, 출력 범위, 매개변수와 기본값, "
              "다른 이름, 어느 프레임워크의 정의를 따르는지를 함께 보여 줍니다.\n\n"
              "여기 나온 이름을 eval 의 --activation 이나 매개변수 파일의 \"activation\" 에 "
              "쓰면 됩니다.",
    },
    "activations.help_format": {
        "en": "Output format: table (the default on a terminal), text (the default in a pipe "
              "or file: plain lines, nothing cut), or json (a list of objects with the "
              "registry's English text).",
        "ko": "출력 형식: table (터미널에서 기본값), text (파이프나 파일에서 기본값. 자르지 "
              "않은 일반 텍스트), json (레지스트리의 영어 설명을 담은 객체 목록).",
    },
    "activations.title": {
        "en": "Activation functions ({count})",
        "ko": "활성화 함수 ({count}개)",
    },
    "activations.label.name": {"en": "name", "ko": "이름"},
    "activations.label.aliases": {"en": "aliases", "ko": "다른 이름"},
    "activations.label.formula": {"en": "formula", "ko": "수식"},
    "activations.label.range": {"en": "output range", "ko": "출력 범위"},
    "activations.label.applies": {"en": "applied", "ko": "적용 방식"},
    "activations.label.parameters": {"en": "parameters", "ko": "매개변수 (기본값)"},
    "activations.label.convention": {"en": "convention", "ko": "따르는 정의"},
    "activations.element_wise": {
        "en": "element-wise, to each z separately",
        "ko": "원소별 (z 하나하나에 따로 적용)",
    },
    "activations.row_wise": {
        "en": "row-wise, across the units of each row",
        "ko": "행 단위 (한 행의 모든 유닛에 걸쳐 적용)",
    },
    "activations.none": {"en": "none", "ko": "없음"},
    "activations.choices": {
        "en": "one of: {choices}",
        "ko": "{choices} 중 하나",
    },
    "activations.convention.identity": {
        "en": "The linear activation: Keras 'linear', torch.nn.Identity.",
        "ko": "선형 활성화 함수입니다. Keras 의 'linear', PyTorch 의 torch.nn.Identity 와 "
              "같습니다.",
    },
    "activations.convention.sigmoid": {
        "en": "The standard logistic function, as torch.sigmoid and Keras 'sigmoid'.",
        "ko": "표준 로지스틱 함수로, torch.sigmoid 및 Keras 'sigmoid' 와 같습니다.",
    },
    "activations.convention.tanh": {
        "en": "The hyperbolic tangent, as numpy.tanh and torch.tanh.",
        "ko": "쌍곡탄젠트 함수로, numpy.tanh 및 torch.tanh 와 같습니다.",
    },
    "activations.convention.relu": {
        "en": "torch.relu, and Keras 'relu' with its defaults (no threshold, no max_value).",
        "ko": "torch.relu 와 같고, Keras 'relu' 를 기본 설정 (threshold 와 max_value 없음) "
              "으로 쓴 것과 같습니다.",
    },
    "activations.convention.leaky_relu": {
        "en": "torch.nn.LeakyReLU, default negative_slope = 0.01. Keras uses 0.3 "
              "(layers.LeakyReLU) or 0.2 (activations.leaky_relu), so pass negative_slope "
              "to match it.",
        "ko": "torch.nn.LeakyReLU 를 따르며 기본값은 negative_slope = 0.01 입니다. Keras 는 "
              "0.3 (layers.LeakyReLU) 이나 0.2 (activations.leaky_relu) 를 쓰므로, Keras 와 "
              "맞추려면 negative_slope 를 지정하세요.",
    },
    "activations.convention.elu": {
        "en": "torch.nn.ELU and Keras 'elu', default alpha = 1.0.",
        "ko": "torch.nn.ELU 및 Keras 'elu' 와 같고, 기본값은 alpha = 1.0 입니다.",
    },
    "activations.convention.selu": {
        "en": "The fixed constants of Klambauer et al. (2017), as torch.nn.SELU and Keras "
              "'selu'.",
        "ko": "Klambauer 등 (2017) 이 정한 고정 상수를 쓰며, torch.nn.SELU 및 Keras 'selu' 와 "
              "같습니다.",
    },
    "activations.convention.softplus": {
        "en": "torch.nn.Softplus with beta (default 1.0, Keras 'softplus' is beta = 1), but "
              "without PyTorch's linear shortcut above beta * z > 20.",
        "ko": "torch.nn.Softplus 처럼 beta 를 받습니다 (기본값 1.0, Keras 'softplus' 는 "
              "beta = 1). 다만 PyTorch 가 beta * z > 20 에서 쓰는 선형 근사는 쓰지 않습니다.",
    },
    "activations.convention.softsign": {
        "en": "torch.nn.Softsign and Keras 'softsign'.",
        "ko": "torch.nn.Softsign 및 Keras 'softsign' 과 같습니다.",
    },
    "activations.convention.gelu": {
        "en": "torch.nn.GELU naming and default (approximate='none' is exact). In Keras 3, "
              "activations.gelu also defaults to exact and ops.gelu to the tanh form.",
        "ko": "이름과 기본값은 torch.nn.GELU 를 따릅니다 (approximate='none' 이 정확한 식). "
              "Keras 3 에서도 activations.gelu 는 정확한 식이 기본이고, ops.gelu 는 tanh 근사식이 "
              "기본입니다.",
    },
    "activations.convention.silu": {
        "en": "torch.nn.SiLU and Keras 'silu'/'swish' (swish with beta = 1).",
        "ko": "torch.nn.SiLU 및 Keras 'silu'/'swish' 와 같습니다 (beta = 1 인 swish).",
    },
    "activations.convention.hard_sigmoid": {
        "en": "torch.nn.Hardsigmoid and Keras 3 activations.hard_sigmoid: slope = 1/6, "
              "offset = 0.5. Keras 2, keras.ops.hard_sigmoid and ONNX HardSigmoid use "
              "slope = 0.2, so pass slope to match them.",
        "ko": "torch.nn.Hardsigmoid 및 Keras 3 의 activations.hard_sigmoid 와 같이 "
              "slope = 1/6, offset = 0.5 입니다. Keras 2, keras.ops.hard_sigmoid, ONNX 의 "
              "HardSigmoid 는 slope = 0.2 를 쓰므로, 이들과 맞추려면 slope 를 지정하세요.",
    },
    "activations.convention.step": {
        "en": "The Heaviside step. The default at_zero = 0 gives step(z) = (z > 0), the "
              "definition used in Korean deep learning textbooks; numpy.heaviside takes "
              "at_zero as an argument.",
        "ko": "헤비사이드 계단 함수입니다. 기본값 at_zero = 0 이면 step(z) = (z > 0) 이 되어, "
              "국내 딥러닝 교재의 계단 함수 정의와 같습니다. numpy.heaviside 는 at_zero 를 "
              "인수로 받습니다.",
    },
    "activations.convention.log_sigmoid": {
        "en": "torch.nn.LogSigmoid and Keras 'log_sigmoid'.",
        "ko": "torch.nn.LogSigmoid 및 Keras 'log_sigmoid' 와 같습니다.",
    },
    "activations.convention.softmax": {
        "en": "Row-wise over a layer's units, as torch.softmax(z, dim=1) and Keras 'softmax'; "
              "computed after subtracting the row maximum.",
        "ko": "한 층의 유닛들에 걸쳐 행 단위로 계산하며, torch.softmax(z, dim=1) 및 Keras "
              "'softmax' 와 같습니다. 넘침을 막으려고 행의 최댓값을 뺀 뒤 계산합니다.",
    },
    "activations.convention.log_softmax": {
        "en": "Row-wise, as torch.log_softmax(z, dim=1); computed with log-sum-exp.",
        "ko": "torch.log_softmax(z, dim=1) 처럼 행 단위로 계산하며, log-sum-exp 로 구합니다.",
    },
    "activations.range.elu": {
        "en": "(-alpha, inf) for alpha >= 0",
        "ko": "(-alpha, inf), alpha >= 0 일 때",
    },
    "activations.range.softplus": {
        "en": "(0, inf) for beta > 0",
        "ko": "(0, inf), beta > 0 일 때",
    },
    "activations.range.gelu": {"en": "about [-0.17, inf)", "ko": "약 [-0.17, inf)"},
    "activations.range.silu": {"en": "about [-0.2785, inf)", "ko": "약 [-0.2785, inf)"},
    "activations.range.softmax": {
        "en": "(0, 1), each row sums to 1",
        "ko": "(0, 1), 각 행의 합은 1",
    },

    # neuroncli init-params ------------------------------------------------------------------
    "init_params.help": {
        "en": "Write a starting parameter file for the columns of DATA: one neuron by default, "
              "one dense layer with --units, or a network with --layers.\n\n"
              "The features are the numeric columns of the first chunk, without --id-column "
              "and --target columns. With --target, its distinct values become the \"outputs\" "
              "class names and size the output layer. Biases start at 0. The file loads with "
              "eval --params as it is.",
        "ko": "DATA 의 열에 맞는 시작 매개변수 파일을 만듭니다. 기본은 뉴런 하나이고, "
              "--units 를 주면 dense 층 하나, --layers 를 주면 여러 층의 신경망을 만듭니다.\n\n"
              "특성은 첫 청크에서 숫자로만 이루어진 열이며, --id-column 과 --target 열은 "
              "빠집니다. --target 을 주면 그 열의 서로 다른 값을 \"outputs\" 의 클래스 이름으로 "
              "적고, 그 수에 맞춰 출력층 크기를 정합니다. 편향은 0 에서 시작합니다. 만든 파일은 "
              "그대로 eval --params 에 쓸 수 있습니다.",
    },
    "init_params.help_output": {
        "en": "Write the parameter file here instead of standard output; an existing file is "
              "replaced only with --force.",
        "ko": "매개변수 파일을 표준 출력 대신 이 경로에 씁니다. 이미 있는 파일은 --force 를 "
              "줄 때만 덮어씁니다.",
    },
    "init_params.help_force": {
        "en": "Replace the -o file if it already exists.",
        "ko": "-o 파일이 이미 있으면 덮어씁니다.",
    },
    "init_params.help_features": {
        "en": "Feature columns: names or 1-based positions and ranges, comma-separated "
              "(sepal_length,petal_width or 1-4). Default: every numeric column that is "
              "neither an --id-column nor the --target.",
        "ko": "특성 열: 이름 또는 1부터 세는 위치와 범위를 쉼표로 이어 씁니다 "
              "(sepal_length,petal_width 또는 1-4). 기본값은 --id-column 과 --target 을 뺀 "
              "숫자 열 전부입니다.",
    },
    "init_params.help_id_column": {
        "en": "Column that identifies rows, such as a name or an id; it is left out of the "
              "features (repeatable).",
        "ko": "이름이나 번호처럼 행을 구별하는 열. 특성에서 뺍니다 (여러 번 쓸 수 있음).",
    },
    "init_params.help_target": {
        "en": "Column with the class of each row. Its sorted distinct values are written as "
              "\"outputs\", and without --units or --layers they size the output layer: one "
              "sigmoid unit for 2 classes, one softmax unit per class for more.",
        "ko": "각 행의 클래스가 든 열. 서로 다른 값을 정렬해 \"outputs\" 로 적고, --units 나 "
              "--layers 가 없으면 출력층 크기도 정합니다. 클래스가 2개면 sigmoid 유닛 하나, "
              "그보다 많으면 클래스마다 softmax 유닛 하나입니다.",
    },
    "init_params.help_units": {
        "en": "Number of units of a single dense layer. Default: 1 (one neuron), or the "
              "number the --target classes need.",
        "ko": "dense 층 하나의 유닛 수. 기본값은 1 (뉴런 하나) 이거나, --target 의 클래스에 "
              "필요한 수입니다.",
    },
    "init_params.help_layers": {
        "en": "Units of every layer, comma-separated: the hidden layers, then the output "
              "layer (16,8,3 is two hidden layers of 16 and 8 units and 3 output units).",
        "ko": "층마다의 유닛 수를 쉼표로 이어 씁니다. 은닉층들을 먼저, 출력층을 마지막에 "
              "씁니다 (16,8,3 은 유닛 16개와 8개인 은닉층 둘과 출력 유닛 3개).",
    },
    "init_params.help_activation": {
        "en": "Activation of the hidden layers (default relu). With a single layer there are "
              "no hidden layers, and it sets the output activation. One of: {names}.",
        "ko": "은닉층의 활성화 함수 (기본값 relu). 층이 하나뿐이면 은닉층이 없으므로 출력층의 "
              "활성화 함수를 정합니다. 다음 중 하나: {names}.",
    },
    "init_params.help_output_activation": {
        "en": "Activation of the output layer. Default: sigmoid for one output unit, softmax "
              "for more.",
        "ko": "출력층의 활성화 함수. 기본값은 출력 유닛이 하나면 sigmoid, 여럿이면 softmax "
              "입니다.",
    },
    "init_params.help_init": {
        "en": "Weight initialization: zeros; uniform, U(-0.05, 0.05) as Keras' RandomUniform; "
              "xavier, Glorot uniform U(-l, l) with l = sqrt(6 / (n_in + n_out)) as Keras' "
              "default; he, He normal N(0, 2 / n_in) as torch.nn.init.kaiming_normal_.",
        "ko": "가중치 초기화 방법: zeros (모두 0); uniform, Keras RandomUniform 과 같은 "
              "U(-0.05, 0.05); xavier, Keras 기본값인 Glorot 균등분포 U(-l, l), "
              "l = sqrt(6 / (n_in + n_out)); he, torch.nn.init.kaiming_normal_ 과 같은 He "
              "정규분포 N(0, 2 / n_in).",
    },
    "init_params.help_seed": {
        "en": "Seed of numpy.random.default_rng; the same seed gives the same file with the "
              "same numpy version. Default: a random seed, written into \"description\".",
        "ko": "numpy.random.default_rng 의 시드. numpy 버전이 같으면 같은 시드로 같은 파일이 "
              "나옵니다. 기본값은 무작위로 고른 시드이며, \"description\" 에 적어 둡니다.",
    },
    "init_params.description": {
        "en": "Untrained starting parameters from neuroncli init-params: {init}, seed {seed}, "
              "biases 0.",
        "ko": "neuroncli init-params 로 만든, 아직 학습하지 않은 시작 매개변수: {init}, "
              "시드 {seed}, 편향 0.",
    },
    "init_params.init.zeros": {"en": "every weight 0", "ko": "가중치 모두 0"},
    "init_params.init.uniform": {
        "en": "weights from U(-0.05, 0.05)",
        "ko": "가중치는 U(-0.05, 0.05) 에서 뽑음",
    },
    "init_params.init.xavier": {
        "en": "xavier (Glorot uniform) weights, U(-l, l) with l = sqrt(6 / (n_in + n_out))",
        "ko": "xavier (Glorot 균등분포) 가중치, U(-l, l), l = sqrt(6 / (n_in + n_out))",
    },
    "init_params.init.he": {
        "en": "he (He normal) weights, N(0, 2 / n_in)",
        "ko": "he (He 정규분포) 가중치, N(0, 2 / n_in)",
    },
    "init_params.units_and_layers": {
        "en": "--units and --layers both set the layer sizes",
        "ko": "--units 와 --layers 는 둘 다 층 크기를 정합니다",
    },
    "init_params.hint.units_or_layers": {
        "en": "give --units for one layer or --layers for a network, not both",
        "ko": "층 하나면 --units, 여러 층이면 --layers 중 하나만 쓰세요",
    },
    "init_params.bad_layers": {
        "en": "invalid --layers value '{value}'",
        "ko": "--layers 값 '{value}' 이(가) 잘못되었습니다",
    },
    "init_params.hint.layers": {
        "en": "write whole numbers of at least 1 separated by commas, such as 16,8,3",
        "ko": "1 이상의 정수를 쉼표로 이어 쓰세요 (예: 16,8,3)",
    },
    "init_params.exists": {
        "en": "the output file already exists",
        "ko": "출력 파일이 이미 있습니다",
    },
    "init_params.hint.force": {
        "en": "add --force to replace it, or choose another path with -o",
        "ko": "덮어쓰려면 --force 를 붙이거나, -o 로 다른 경로를 지정하세요",
    },
    "init_params.no_features": {
        "en": "no numeric column is left to use as a feature",
        "ko": "특성으로 쓸 숫자 열이 하나도 남지 않았습니다",
    },
    "init_params.hint.no_features": {
        "en": "the data has the columns: {columns}; choose the features with --features",
        "ko": "데이터에 있는 열: {columns}. --features 로 특성 열을 고르세요",
    },
    "init_params.feature_is_reserved": {
        "en": "column '{column_name}' is given both as a feature and as {option}",
        "ko": "'{column_name}' 열을 특성과 {option} 에 함께 지정했습니다",
    },
    "init_params.hint.reserved": {
        "en": "leave '{column_name}' out of --features, or leave out {option}",
        "ko": "--features 에서 '{column_name}' 을(를) 빼거나, {option} 을(를) 빼세요",
    },
    "init_params.too_large": {
        "en": "the network would have {total} weights and biases; init-params writes at most "
              "{limit}",
        "ko": "이 신경망의 가중치와 편향은 {total}개입니다. init-params는 최대 {limit}개까지만 "
              "만듭니다",
    },
    "init_params.hint.too_large": {
        "en": "choose fewer units with --units or --layers",
        "ko": "--units나 --layers로 유닛 수를 줄이세요",
    },
    "init_params.classes_mismatch": {
        "en": "the target column '{column_name}' has {count} classes ({classes}), but the "
              "output layer has {units} units",
        "ko": "목표 열 '{column_name}' 에는 클래스가 {count}개 ({classes}) 있는데 출력층의 "
              "유닛은 {units}개입니다",
    },
    "init_params.hint.classes": {
        "en": "use {count} output units (1 sigmoid unit also fits 2 classes), or leave out "
              "--units and --layers to size the output layer from the classes",
        "ko": "출력 유닛을 {count}개로 하거나 (클래스가 2개면 sigmoid 유닛 1개도 됩니다), "
              "--units 와 --layers 를 빼서 클래스 수에 맞추세요",
    },
    "init_params.row_wise_one_unit": {
        "en": "{activation} needs at least 2 units, but the output layer has 1",
        "ko": "{activation} 은(는) 유닛이 2개 이상 있어야 하는데 출력층의 유닛은 1개입니다",
    },
    "init_params.hint.row_wise_one_unit": {
        "en": "use sigmoid for a single output unit, or give more units with --units or "
              "--layers",
        "ko": "출력 유닛이 하나면 sigmoid 를 쓰거나, --units 나 --layers 로 유닛을 늘리세요",
    },
    "init_params.wrote": {
        "en": "wrote {path}",
        "ko": "{path} 에 썼습니다",
    },
    "init_params.shape": {
        "en": "{features} features -> {layers}; {init}, seed {seed}",
        "ko": "특성 {features}개 -> {layers}; {init}, 시드 {seed}",
    },
    "init_params.features": {
        "en": "features: {names}",
        "ko": "특성: {names}",
    },
    "init_params.skipped": {
        "en": "left out because not numeric: {names}",
        "ko": "숫자가 아니어서 뺀 열: {names}",
    },
    "init_params.outputs": {
        "en": "{count} classes from '{column_name}': {names}",
        "ko": "'{column_name}' 열의 클래스 {count}개: {names}",
    },
    "init_params.binary": {
        "en": "one sigmoid unit: a >= 0.5 predicts '{positive}', a < 0.5 predicts '{negative}'",
        "ko": "sigmoid 유닛 하나: a >= 0.5 이면 '{positive}', a < 0.5 이면 '{negative}' 로 "
              "예측합니다",
    },
    "init_params.regression": {
        "en": "the target '{column_name}' holds numbers other than the class indices 0 to "
              "k - 1, so it is read as a regression target and no \"outputs\" are written",
        "ko": "목표 열 '{column_name}' 에 클래스 번호 0 ~ k - 1 이 아닌 숫자가 있어서 회귀 "
              "목표로 보고 \"outputs\" 를 쓰지 않았습니다",
    },
    "init_params.one_class": {
        "en": "the target '{column_name}' has a single class ('{name}'), so no \"outputs\" "
              "are written",
        "ko": "목표 열 '{column_name}' 에 클래스가 하나 ('{name}') 뿐이라서 \"outputs\" 를 "
              "쓰지 않았습니다",
    },
    "init_params.too_many_classes": {
        "en": "the target '{column_name}' has more than {limit} distinct values, so no "
              "\"outputs\" are written",
        "ko": "목표 열 '{column_name}' 의 서로 다른 값이 {limit}개를 넘어서 \"outputs\" 를 "
              "쓰지 않았습니다",
    },
    "init_params.no_targets": {
        "en": "the target '{column_name}' has no values, so no \"outputs\" are written",
        "ko": "목표 열 '{column_name}' 에 값이 없어서 \"outputs\" 를 쓰지 않았습니다",
    },
    "init_params.missing_targets": {
        "en": "{count} rows have no value in '{column_name}'; eval --target will reject them",
        "ko": "{count}개 행의 '{column_name}' 값이 비어 있습니다. eval --target 은 이 행에서 "
              "오류를 냅니다",
    },
    "init_params.zeros_hidden": {
        "en": "with --init zeros all units of a hidden layer start equal, and gradient "
              "descent keeps them equal; use xavier or he for a network",
        "ko": "--init zeros 로 시작하면 은닉층의 유닛이 모두 같은 값에서 출발하고, 경사 하강법도 "
              "이들을 똑같이 바꿉니다. 여러 층의 신경망에는 xavier 나 he 를 쓰세요",
    },
    "init_params.no_rows": {
        "en": "the data has no rows, so every column is taken as numeric",
        "ko": "데이터에 행이 없어서 모든 열을 숫자 열로 보았습니다",
    },

    # --plot -----------------------------------------------------------------------------------
    "plot.help_option": {
        "en": "Also draw the output into this .png, .svg or .pdf file: for one output unit the "
              "activation curve g(z) with the rows' (z, a) points, otherwise a histogram of "
              "each unit's output. At most 20000 rows are sampled. Needs matplotlib: "
              "pip install 'neuroncli[plot]'.",
        "ko": "출력을 그림으로도 그려 이 .png, .svg, .pdf 파일에 씁니다. 출력 유닛이 하나면 "
              "활성화 함수 곡선 g(z) 위에 각 행의 (z, a) 점을 찍고, 여럿이면 유닛마다 출력값의 "
              "히스토그램을 그립니다. 행은 최대 20000개를 표본으로 뽑습니다. matplotlib 이 "
              "필요합니다: pip install 'neuroncli[plot]'.",
    },
    "plot.no_matplotlib": {
        "en": "drawing a plot needs matplotlib, which is not installed",
        "ko": "그림을 그리려면 matplotlib 이 필요한데 설치되어 있지 않습니다",
    },
    "plot.hint.install": {
        "en": "install it with: pip install 'neuroncli[plot]'",
        "ko": "다음 명령으로 설치하세요: pip install 'neuroncli[plot]'",
    },
    "plot.bad_suffix": {
        "en": "cannot tell the image format from the file name",
        "ko": "파일 이름으로는 그림 형식을 알 수 없습니다",
    },
    "plot.hint.suffix": {
        "en": "end the file name in one of {suffixes}",
        "ko": "파일 이름이 {suffixes} 중 하나로 끝나게 하세요",
    },
    "plot.curve_title": {
        "en": "{activation}: a = g(z), {shown} of {rows} rows",
        "ko": "{activation}: a = g(z), 전체 {rows}행 중 {shown}행",
    },
    "plot.curve_label": {"en": "activation g(z)", "ko": "활성화 함수 g(z)"},
    "plot.points_label": {"en": "rows (z, a)", "ko": "각 행의 (z, a)"},
    "plot.threshold_label": {
        "en": "a = 0.5, the decision threshold",
        "ko": "a = 0.5, 분류 기준값",
    },
    "plot.hist_title": {
        "en": "Predicted probability per class ({activation}), {shown} of {rows} rows",
        "ko": "클래스별 예측 확률 ({activation}), 전체 {rows}행 중 {shown}행",
    },
    "plot.hist_title_values": {
        "en": "Output a per unit ({activation}), {shown} of {rows} rows",
        "ko": "유닛별 출력 a ({activation}), 전체 {rows}행 중 {shown}행",
    },
    "plot.axis_probability": {"en": "predicted probability", "ko": "예측 확률"},
    "plot.axis_rows": {"en": "rows", "ko": "행 수"},
    "plot.unit_name": {"en": "unit {index}", "ko": "{index}번 유닛"},
    "plot.units_left_out": {
        "en": "the plot shows the first {shown} of {units} output units",
        "ko": "그림에는 출력 유닛 {units}개 중 앞의 {shown}개만 그렸습니다",
    },
    "plot.not_finite": {
        "en": "{count} sampled rows are not drawn, because z or a is NaN, infinite or beyond "
              "+-1e300",
        "ko": "표본 중 z 나 a 가 NaN 이나 무한대이거나 +-1e300 을 넘는 {count}개 행은 그리지 "
              "않았습니다",
    },
    "plot.no_hangul_font": {
        "en": "no installed font has Hangul glyphs, so the plot's labels are in English; "
              "install a Korean font such as Noto Sans CJK KR or NanumGothic for Korean labels",
        "ko": "한글 글꼴이 설치되어 있지 않아 그림의 글자는 영어로 썼습니다. 한글로 보려면 "
              "Noto Sans CJK KR 이나 나눔고딕 같은 한글 글꼴을 설치하세요",
    },
    "plot.names_replaced": {
        "en": "no installed font can draw some class names, so those panels are titled by "
              "unit number",
        "ko": "설치된 글꼴로 그릴 수 없는 클래스 이름이 있어서, 그 칸의 제목은 유닛 번호로 "
              "썼습니다",
    },
    "plot.wrote": {
        "en": "wrote the plot to {path}",
        "ko": "그림을 {path} 에 썼습니다",
    },
}
