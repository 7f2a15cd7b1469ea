"""The General Assembly as the model's test bench: recorded votes, roll calls as scenarios, the vote layer,
baselines, scoring and the hindcast (docs/hindcast.md).

- ``votes_file``: reading votes files in the shared data's column format, with located errors
- ``roll_calls``: the roll-call description table and its defaults
- ``crisis_data``: a target's severity and visibility in a year, from the data
- ``roll_call_scenario``: a roll call as a world scenario
- ``vote_layer``: stances to votes, absence, probabilities
- ``baselines`` and ``logit``: majority, persistence and a multinomial logit, one step ahead
- ``scoring``: accuracy, log-loss, Brier score, totals, confusion, calibration
- (parameter profiles are read by ``simulation.scenario.profile``: any scenario can name one)
- ``hindcast``: every roll call predicted by the model and the baselines
"""
